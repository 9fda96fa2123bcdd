package dev.gatehouse.registry.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;

/** Settings of registry-service under {@code gatehouse.registry}. */
@ConfigMapping(prefix = "gatehouse.registry")
public interface RegistryConfig {

    /** Base64 of 32 bytes: the AES-256-GCM key for upstream credentials. No default outside dev and test. */
    String encryptionKey();

    /**
     * Address ranges (CIDR) a server URL may not point at; host names are resolved and checked too.
     * Default: the cloud metadata address and all IPv4/IPv6 link-local addresses.
     */
    @WithDefault("169.254.169.254/32,169.254.0.0/16,fe80::/10")
    List<String> forbiddenAddresses();

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
    }

    /** The outbox relay. */
    interface Outbox {

        /** Schedule interval of the relay (read as {@code gatehouse.registry.outbox.relay-interval}). */
        @WithDefault("1s")
        String relayInterval();

        /** How long one batch waits for Kafka's acknowledgements before it stays queued. */
        @WithDefault("5s")
        Duration sendTimeout();

        @WithDefault("100")
        int batchSize();

        /** The outbox wellness check reports DOWN when the oldest waiting event is older than this. */
        @WithDefault("2m")
        Duration maxLag();
    }
}
