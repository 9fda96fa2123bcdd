package dev.gatehouse.identity.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;

/** identity-service settings ({@code gatehouse.identity.*}). */
@ConfigMapping(prefix = "gatehouse.identity")
public interface IdentityConfig {

    /** The platform operator's credential, exchanged at {@code /api/v1/token} for an operator JWT. */
    String operatorCredential();

    /** How many rules one allowlist may hold. */
    @WithDefault("500")
    int maxAllowlistRules();

    /** How often the batched {@code last_used_at} values are written (read by the {@code @Scheduled} expression). */
    @WithDefault("5s")
    Duration lastUsedFlushInterval();

    Jwt jwt();

    Outbox outbox();

    /** Signing of management-API JWTs. */
    interface Jwt {

        /** PKCS#8 PEM private RSA key: a file path, or a classpath resource. */
        String signingKeyLocation();

        /** The {@code kid} of the signing key. */
        String keyId();

        @WithDefault("gatehouse-identity")
        String issuer();

        /** Short, because registry and audit also check the token behind it on every request (M2). */
        @WithDefault("5m")
        Duration lifetime();

        /**
         * Public keys of previous signing keys, still published in the JWKS so JWTs they signed
         * verify until they expire: {@code kid -> PEM location}.
         */
        Map<String, String> previousKeys();
    }

    /** The transactional outbox relay. */
    interface Outbox {

        /** How often the relay runs (read by the {@code @Scheduled} expression). */
        @WithDefault("1s")
        Duration interval();

        @WithDefault("200")
        int batchSize();

        /** How long one batch waits for Kafka's acknowledgements (and the producer retries a record) before it stays queued. */
        @WithDefault("10s")
        Duration sendTimeout();
    }
}
