package dev.gatehouse.audit.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** audit-service settings ({@code gatehouse.audit.*}). */
@ConfigMapping(prefix = "gatehouse.audit")
public interface AuditConfig {

    Ingest ingest();

    Query query();

    Partitions partitions();

    Retention retention();

    /** The Kafka consumer that stores events. */
    interface Ingest {
        /** false leaves the consumer off (e.g. a read-only replica of the API). */
        @WithDefault("true")
        boolean enabled();

        @WithDefault("audit-service")
        String groupId();

        /** Most records handed to one database transaction. */
        @WithDefault("5000")
        int maxBatch();

        @WithDefault("500ms")
        Duration pollTimeout();

        /** First wait after a failed batch; doubles up to {@link #maxBackoff()}. */
        @WithDefault("200ms")
        Duration minBackoff();

        @WithDefault("10s")
        Duration maxBackoff();
    }

    /** The query API. */
    interface Query {
        /**
         * HMAC-SHA256 key (at least 32 characters) that signs pagination cursors. Unset: a random
         * key per process, so cursors do not survive a restart or cross replicas.
         */
        Optional<String> cursorSecret();

        /** Rows fetched per round trip while exporting or verifying (memory stays constant). */
        @WithDefault("1000")
        int fetchSize();
    }

    /** Monthly partitions of the events table. */
    interface Partitions {
        /** Partitions kept ready beyond the current month. */
        @WithDefault("2")
        int monthsAhead();

        /** How often the partitions are checked (read by the scheduler; "off" disables). */
        @WithDefault("6h")
        String every();
    }

    /** Purge of old partitions (runs on the "retention" datasource, as the retention role). */
    interface Retention {
        /** Partitions whose whole month ended more than this many months ago are dropped. */
        @WithDefault("84")
        int keepMonths();

        /** How often the purge runs (read by the scheduler; "off" disables). */
        @WithDefault("24h")
        String every();
    }
}
