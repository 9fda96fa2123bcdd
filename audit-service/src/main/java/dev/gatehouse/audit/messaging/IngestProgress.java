package dev.gatehouse.audit.messaging;

import dev.gatehouse.audit.config.AuditConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;

/**
 * How ingest is doing, for readiness: whether the batch in hand keeps failing (stuck) and how far
 * the consumer is behind the topics (lag). Written by the ingest thread, read by health checks.
 */
@ApplicationScoped
public class IngestProgress {

    /** The verdict: {@code cause} is null while ingest is healthy. */
    public record Verdict(String cause) {
        public boolean healthy() {
            return cause == null;
        }
    }

    private final Duration stuckAfter;
    private final long maxLag;
    private final Duration lagFor;
    private volatile Instant failingSince;
    private volatile String lastFailure;
    private volatile long lag;
    private volatile Instant lagAboveSince;

    @Inject
    public IngestProgress(AuditConfig config) {
        this(config.ingest().stuckAfter(), config.ingest().maxLag(), config.ingest().lagFor());
    }

    IngestProgress(Duration stuckAfter, long maxLag, Duration lagFor) {
        this.stuckAfter = stuckAfter;
        this.maxLag = maxLag;
        this.lagFor = lagFor;
    }

    /** The batch in hand failed (again) with {@code reason}. */
    public void failed(String reason, Instant now) {
        if (failingSince == null) {
            failingSince = now;
        }
        lastFailure = reason;
    }

    /** The batch in hand was stored. */
    public void stored() {
        failingSince = null;
        lastFailure = null;
    }

    /** The records still to read on the assigned partitions, as the consumer last learnt it. */
    public void lag(long records, Instant now) {
        lag = records;
        if (records <= maxLag) {
            lagAboveSince = null;
        } else if (lagAboveSince == null) {
            lagAboveSince = now;
        }
    }

    public String lastFailure() {
        return lastFailure;
    }

    public Instant failingSince() {
        return failingSince;
    }

    public long lag() {
        return lag;
    }

    /** Stuck when one batch has failed for longer than stuck-after; behind when the lag stayed above max-lag for lag-for. */
    public Verdict verdict(Instant now) {
        Instant failing = failingSince;
        if (failing != null && Duration.between(failing, now).compareTo(stuckAfter) > 0) {
            return new Verdict("stuck: the same batch has been failing for " + Duration.between(failing, now).toSeconds()
                    + " s: " + lastFailure);
        }
        Instant behind = lagAboveSince;
        if (behind != null && Duration.between(behind, now).compareTo(lagFor) > 0) {
            return new Verdict("behind: " + lag + " records not yet stored (more than " + maxLag + " for "
                    + Duration.between(behind, now).toSeconds() + " s)");
        }
        return new Verdict(null);
    }
}
