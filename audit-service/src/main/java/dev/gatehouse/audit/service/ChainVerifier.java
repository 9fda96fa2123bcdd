package dev.gatehouse.audit.service;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.audit.IndexedFields;
import dev.gatehouse.audit.StoredEvent;
import dev.gatehouse.audit.repository.ChainQueries;
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
 * retention purge are not gaps: the purge recorded them with the hash the chain continues from.
 */
@ApplicationScoped
public class ChainVerifier {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final ChainQueries chain;
    private final EventQueries events;

    public ChainVerifier(ChainQueries chain, EventQueries events) {
        this.chain = chain;
        this.events = events;
    }

    /**
     * Verifies the events whose time is in [from, to), or the whole chain when both are null.
     * A range is walked from the lowest to the highest seq it contains, including events of other
     * times stored in between (seq follows arrival, not event time).
     */
    public VerifyReport verify(String workspace, Instant from, Instant to) throws Exception {
        Optional<SeqRange> range = from == null && to == null
                ? Optional.of(new SeqRange(1, chain.lastSeq(workspace))).filter(r -> r.toSeq() >= 1)
                : chain.seqRange(workspace, from, to);
        if (range.isEmpty()) {
            return new VerifyReport(workspace, null, null, 0, true, null, null);
        }
        SeqRange seqs = range.get();
        Walk walk = new Walk(chain.purgedRanges(workspace), seqs.fromSeq());
        walk.prevHash = seqs.fromSeq() == 1 ? ChainHash.GENESIS : chain.hashOf(workspace, seqs.fromSeq() - 1)
                .orElseGet(() -> walk.purgedEndingAt(seqs.fromSeq() - 1));
        events.streamChain(workspace, seqs.fromSeq(), seqs.toSeq(), walk::check);
        walk.finish(seqs.toSeq());
        return new VerifyReport(workspace, seqs.fromSeq(), seqs.toSeq(), walk.checked,
                walk.firstBroken == null && walk.gap == null, walk.firstBroken, walk.gap);
    }

    /** The state of one walk along the chain. */
    private static final class Walk {
        private final List<PurgedRange> purged;
        private long expected;
        /** Hash the next row must point to; null when unknown (after a gap). */
        private String prevHash;
        private long checked;
        private Long firstBroken;
        private VerifyReport.Gap gap;

        Walk(List<PurgedRange> purged, long start) {
            this.purged = purged;
            this.expected = start;
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
            if (prevHash != null && !prevHash.equals(row.prevHash())) {
                return false;
            }
            String recomputed = ChainHash.hash(row.workspace(), row.seq(), row.id(), row.type(), row.time(), row.actor(),
                    row.prevHash(), row.data());
            if (!recomputed.equals(row.hash())) {
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
