package dev.gatehouse.gateway.audit;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;

/** How {@code tool.called} events travel from the gateway to Kafka. */
@ConfigMapping(prefix = "gatehouse.gateway.audit")
public interface AuditConfig {

    /**
     * Refuse tool calls while their events could be neither sent nor spooled (see
     * {@link ToolCallRecorder#isAccepting()}). On by default: a governance gateway does not serve
     * calls it cannot account for.
     */
    @WithDefault("true")
    boolean strict();

    /** Events held in memory before further ones go straight to the spool file. */
    @WithDefault("10000")
    int queueSize();

    /** Where events wait while Kafka is unreachable; one directory per replica, on a volume that survives restarts. */
    @WithDefault("${java.io.tmpdir}/gatehouse-gateway-audit-spool")
    Path spoolDir();

    /** Largest spool file; past it events are lost (counted in {@code gateway.audit.events.failed}). */
    @WithDefault("256M")
    MemorySize spoolMaxSize();

    /** How long the Kafka client retries one batch before the batch goes to the spool. */
    @WithDefault("10s")
    Duration deliveryTimeout();

    /** Pause between attempts to reach Kafka again while it is unreachable. */
    @WithDefault("1s")
    Duration retryInterval();

    /**
     * How long the Kafka producer waits to fill a batch (linger.ms). Longer batches cost Kafka,
     * audit-service and PostgreSQL less CPU per event (they share the gateway's cores in small
     * installs); an event reaches the trail this much later, a call is never slower.
     */
    @WithDefault("25ms")
    Duration linger();

    /** Events sent to Kafka per batch. */
    @WithDefault("500")
    int batchSize();

    /**
     * Largest serialised event; a larger one is dead-lettered, never sent. Far below Kafka's
     * {@code max.request.size} (1 MiB), so one event always fits Kafka and the audit trail's indexes.
     */
    @WithDefault("16384")
    int maxEventBytes();

    /** Largest dead-letter file ({@code <spool-dir>/dead-letters.ndjson}); past it dead letters are only logged and counted. */
    @WithDefault("16M")
    MemorySize deadLetterMaxSize();
}
