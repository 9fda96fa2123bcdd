package dev.gatehouse.audit.service;

/**
 * The answer of a chain verification.
 *
 * @param fromSeq        first sequence number walked (null when the range holds no event)
 * @param toSeq          last sequence number walked
 * @param checked        events whose hash was recomputed
 * @param ok             true when nothing is broken and nothing is missing
 * @param firstBrokenSeq the first event whose hash, copied fields or link to its predecessor do not match
 * @param gap            the first run of missing sequence numbers
 * @param headIntact     the chain head (last seq and hash) matches its seal under the chain key and,
 *                       when the walk reached it, the last row: false when the newest rows were
 *                       dropped and the head rewritten, or the head was written without the key
 */
public record VerifyReport(String workspace, Long fromSeq, Long toSeq, long checked, boolean ok, Long firstBrokenSeq,
                           Gap gap, boolean headIntact) {

    /** Sequence numbers {@code missingFrom..missingTo} are missing; {@code afterSeq} is the last one present before them. */
    public record Gap(long afterSeq, long missingFrom, long missingTo) {
    }
}
