package dev.gatehouse.registry.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Settings of registry-service under {@code gatehouse.registry}. */
@ConfigMapping(prefix = "gatehouse.registry")
public interface RegistryConfig {

    /** Base64 of 32 bytes: the AES-256-GCM key for upstream credentials. No default outside dev and test. */
    String encryptionKey();

    /**
     * Most servers one workspace may have; every one of them is health-checked on the schedule, so
     * this also bounds how many requests one tenant makes the registry send.
     */
    @WithDefault("100")
    int maxServersPerWorkspace();

    Health health();

    Outbox outbox();

    /** Upstream health checks. */
    interface Health {

        /** Schedule interval (read by the scheduler as {@code gatehouse.registry.health.interval}); "off" disables it. */
        @WithDefault("30s")
        String interval();

        /** Upper bound for one handshake, whatever the server's own timeout. */
        @WithDefault("10s")
        Duration timeout();

        /**
         * A {@code server.health_checked} event goes out when the status changes, and otherwise once
         * every this many checks, so a healthy fleet does not flood the activity topic.
         */
        @WithDefault("10")
        int eventEvery();

        /** Checks running at once (the rest wait), so a schedule run never fans out to thousands of requests at once. */
        @WithDefault("8")
        int maxConcurrent();

        /** Largest answer (JSON body or SSE event) the handshake reads; a larger one makes the server DOWN. */
        @WithDefault("4M")
        MemorySize maxMessageBytes();
    }

    /** The outbox relay. */
    interface Outbox {

        /** Schedule interval of the relay (read as {@code gatehouse.registry.outbox.relay-interval}). */
        @WithDefault("1s")
        String relayInterval();

        /** How long one batch waits for Kafka's acknowledgements (and the producer retries a record) before it stays queued. */
        @WithDefault("5s")
        Duration sendTimeout();

        @WithDefault("100")
        int batchSize();

        /** The outbox wellness check reports DOWN when the oldest waiting event is older than this. */
        @WithDefault("2m")
        Duration maxLag();
    }
}
