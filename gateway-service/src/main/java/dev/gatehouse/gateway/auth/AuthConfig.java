package dev.gatehouse.gateway.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How the gateway asks identity-service who a token belongs to, and how long it remembers the answer. */
@ConfigMapping(prefix = "gatehouse.gateway.auth")
public interface AuthConfig {

    /** How long an active principal is reused without asking identity-service again (capped by the token's expiry). */
    @WithDefault("30s")
    Duration cacheTtl();

    /** How long an "inactive" answer is remembered, so a flood of bad tokens does not flood identity-service. */
    @WithDefault("2s")
    Duration negativeCacheTtl();

    /** Most tokens remembered at once. */
    @WithDefault("100000")
    long cacheMaxSize();

    /** Longest wait for an introspection answer before the request is refused with 503. */
    @WithDefault("2s")
    Duration introspectionTimeout();

    /** How often the revocation consumer polls Kafka; revocations take effect within about this long. */
    @WithDefault("100ms")
    Duration revocationPollInterval();
}
