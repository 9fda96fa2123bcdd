package dev.gatehouse.audit.service;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.audit.IndexedFields;
import dev.gatehouse.audit.StoredEvent;
import dev.gatehouse.audit.chain.ChainHash;
import dev.gatehouse.audit.chain.ChainKeys;
import dev.gatehouse.audit.repository.ChainQueries;
import dev.gatehouse.audit.repository.ChainQueries.ChainHead;
import dev.gatehouse.audit.repository.ChainQueries.PurgedRange;
import dev.gatehouse.audit.repository.ChainQueries.SeqRange;
import dev.gatehouse.audit.repository.EventQueries;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Walks a workspace's hash chain in seq order and reports the first row that does not match its
 * hash (or its predecessor's) and the first missing sequence numbers. Ranges removed by the
 * retention purge are not gaps: the purge recorded and sealed them with the hash the chain
 * continues from.
 *
 * <p>Keyed (H4): a row with a key id must carry the HMAC under that chain key; a legacy row (no key
 * id, plain SHA-256) is accepted only below the first keyed seq that the sealed chain head names.
 * The head itself must match its seal and the last row, so dropping the newest rows and rewriting
 * the head, or re-hashing rows without the key, is reported.
 */
@ApplicationScoped
public class ChainVerifier {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final ChainQueries chain;
    private final EventQueries events;
    private final ChainKeys keys;

    public ChainVerifier(ChainQueries chain, EventQueries events, ChainKeys keys) {
        this.chain = chain;
        this.events = events;
        this.keys = keys;
    }

    /**
     * Verifies the events whose time is in [from, to), or the whole chain when both are null.
     * A range is walked from the lowest to the highest seq it contains, including events of other
     * times stored in between (seq follows arrival, not event time).
     */
    public VerifyReport verify(String workspace, Instant from, Instant to) throws Exception {
        Optional<ChainHead> head = chain.head(workspace).filter(h -> h.lastSeq() >= 1);
        if (head.isEmpty()) {
            return new VerifyReport(workspace, null, null, 0, true, null, null, true);
        }
        ChainHead top = head.get();
        boolean sealed = keys.matches(top.keyId(), ChainHash.headForm(workspace, top.lastSeq(), top.lastHash(), top.keyedFrom()),
                top.mac());
        // Without a valid seal nothing vouches for where legacy rows end: none is accepted then.
        Long keyedFrom = sealed ? top.keyedFrom() : null;
        Optional<SeqRange> range = from == null && to == null
                ? Optional.of(new SeqRange(1, top.lastSeq()))
                : chain.seqRange(workspace, from, to);
        if (range.isEmpty()) {
            return new VerifyReport(workspace, null, null, 0, sealed, null, null, sealed);
        }
        SeqRange seqs = range.get();
        List<PurgedRange> purged = chain.purgedRanges(workspace).stream()
                .filter(r -> sealedPurge(workspace, r, keyedFrom)).toList();
        Walk walk = new Walk(workspace, purged, seqs.fromSeq(), keyedFrom, keys);
        walk.prevHash = seqs.fromSeq() == 1 ? ChainHash.GENESIS : chain.hashOf(workspace, seqs.fromSeq() - 1)
                .orElseGet(() -> walk.purgedEndingAt(seqs.fromSeq() - 1));
        events.streamChain(workspace, seqs.fromSeq(), seqs.toSeq(), walk::check);
        walk.finish(seqs.toSeq());
        // The head must be the end of the rows: a walk that reached it ends on its hash.
        boolean headIntact = sealed && (seqs.toSeq() < top.lastSeq() || top.lastHash().equals(walk.prevHash));
        return new VerifyReport(workspace, seqs.fromSeq(), seqs.toSeq(), walk.checked,
                walk.firstBroken == null && walk.gap == null && headIntact, walk.firstBroken, walk.gap, headIntact);
    }

    /** A purged range counts only when sealed, or when it is legacy (unsealed, wholly below the keyed part). */
    private boolean sealedPurge(String workspace, PurgedRange range, Long keyedFrom) {
        if (range.mac() == null) {
            return keyedFrom != null && range.toSeq() < keyedFrom;
        }
        return keys.matches(range.keyId(), ChainHash.purgedForm(workspace, range.fromSeq(), range.toSeq(), range.lastHash()),
                range.mac());
    }

    /** The state of one walk along the chain. */
    private static final class Walk {
        private final String workspace;
        private final List<PurgedRange> purged;
        private final Long keyedFrom;
        private final ChainKeys keys;
        private long expected;
        /** Hash the next row must point to; null when unknown (after a gap). */
        private String prevHash;
        private long checked;
        private Long firstBroken;
        private VerifyReport.Gap gap;

        Walk(String workspace, List<PurgedRange> purged, long start, Long keyedFrom, ChainKeys keys) {
            this.workspace = workspace;
            this.purged = purged;
            this.expected = start;
            this.keyedFrom = keyedFrom;
            this.keys = keys;
        }

        void check(StoredEvent row) {
            skipTo(row.seq());
            checked++;
            if (firstBroken == null && !intact(row)) {
                firstBroken = row.seq();
            }
            prevHash = row.hash();
            expected = row.seq() + 1;
        }

        void finish(long lastSeq) {
            skipTo(lastSeq + 1);
        }

        /** Moves {@code expected} up to {@code seq}, across purged ranges; whatever else is missing is a gap. */
        private void skipTo(long seq) {
            while (expected < seq) {
                PurgedRange range = purgedStartingAt(expected);
                if (range == null) {
                    if (gap == null) {
                        gap = new VerifyReport.Gap(expected - 1, expected, seq - 1);
                    }
                    prevHash = null;
                    expected = seq;
                } else {
                    prevHash = range.lastHash();
                    expected = range.toSeq() + 1;
                }
            }
        }

        private boolean intact(StoredEvent row) {
            if (!workspace.equals(row.workspace()) || prevHash != null && !prevHash.equals(row.prevHash())) {
                return false;
            }
            String form = ChainHash.canonical(row.workspace(), row.seq(), row.id(), row.type(), row.time(), row.actor(),
                    row.prevHash(), row.data());
            boolean linked;
            if (row.keyId() == null) {
                // Legacy SHA-256: only where the sealed head says the chain was not keyed yet.
                linked = keyedFrom != null && row.seq() < keyedFrom
                        && ChainHash.hash(row.workspace(), row.seq(), row.id(), row.type(), row.time(), row.actor(),
                        row.prevHash(), row.data()).equals(row.hash());
            } else {
                linked = (keyedFrom == null || row.seq() >= keyedFrom) && keys.matches(row.keyId(), form, row.hash());
            }
            if (!linked) {
                return false;
            }
            try {
                return IndexedFields.of(row.type(), JSON.readValue(row.data(), MAP)).equals(row.indexed());
            } catch (IOException e) {
                return false;
            }
        }

        private PurgedRange purgedStartingAt(long seq) {
            return purged.stream().filter(r -> r.fromSeq() <= seq && seq <= r.toSeq()).findFirst().orElse(null);
        }

        private String purgedEndingAt(long seq) {
            PurgedRange range = purgedStartingAt(seq);
            return range != null && range.toSeq() == seq ? range.lastHash() : null;
        }
    }
}
