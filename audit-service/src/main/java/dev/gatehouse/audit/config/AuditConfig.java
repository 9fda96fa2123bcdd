package dev.gatehouse.audit.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** audit-service settings ({@code gatehouse.audit.*}). */
@ConfigMapping(prefix = "gatehouse.audit")
public interface AuditConfig {

    Ingest ingest();

    Query query();

    Partitions partitions();

    Retention retention();

    /**
     * Base64 of the HMAC-SHA256 key (at least 32 bytes) that seals the hash chain; the service
     * refuses to start without it (a migration-only run need not have it). Only audit-service may
     * hold it (a Secret mounted into audit-service alone).
     */
    Optional<String> chainKey();

    /** The id stored with every row and head sealed by {@link #chainKey()}; change it with the key. */
    @WithDefault("k1")
    String chainKeyId();

    /** Keys that sealed older rows, by id (base64); kept so those rows still verify after a rotation. */
    Map<String, String> previousChainKeys();

    /**
     * true: a workspace chain written before the chain was keyed (an unsealed head over plain
     * SHA-256 rows) is adopted (sealed as it is) by its next append. Only for an upgrade from a
     * version without keys; false refuses it, so nobody can pass a rewritten chain off as old data.
     */
    @WithDefault("false")
    boolean adoptLegacyChains();

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

        /**
         * Bytes the broker gathers before it answers a fetch (fetch.min.bytes), unless
         * {@link #fetchMaxWait()} passes first. With Kafka's default of 1 byte, each poll returns
         * the few events that arrived since the last one and each becomes a transaction of its own
         * (with its chain-head update and commit); at a thousand calls per second that cost
         * PostgreSQL about five times more per event than a backlog does.
         */
        @WithDefault("1048576")
        int fetchMinBytes();

        /**
         * Longest the broker holds a fetch for {@link #fetchMinBytes()} (fetch.max.wait.ms): the
         * most this adds between an event reaching Kafka and its transaction starting. 100 ms
         * stored the same load with 0.23 ms of PostgreSQL CPU per event against 0.28 at 50 ms.
         */
        @WithDefault("100ms")
        Duration fetchMaxWait();

        /** First wait after a failed batch; doubles up to {@link #maxBackoff()}. */
        @WithDefault("200ms")
        Duration minBackoff();

        @WithDefault("10s")
        Duration maxBackoff();

        /** Events older than this (event time against this clock) are dead-lettered: covers a long Kafka outage. */
        @WithDefault("7d")
        Duration maxEventAge();

        /** Events dated further ahead than this are dead-lettered. */
        @WithDefault("1h")
        Duration maxEventFuture();

        /** Readiness turns DOWN when the same batch has been failing for longer than this. */
        @WithDefault("60s")
        Duration stuckAfter();

        /** Readiness turns DOWN when the consumer lag stays above this many records ... */
        @WithDefault("100000")
        long maxLag();

        /** ... for longer than this. */
        @WithDefault("120s")
        Duration lagFor();
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
