package dev.gatehouse.gateway.ratelimit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.OptionalInt;

/** The per-client rate limit of one gateway replica. */
@ConfigMapping(prefix = "gatehouse.gateway.rate-limit")
public interface RateLimitConfig {

    /** Sustained requests per minute per (workspace slug, client IP); the bucket refills at this rate. */
    @WithDefault("200")
    int requestsPerMinute();

    /** Largest burst; defaults to {@link #requestsPerMinute()}. */
    OptionalInt capacity();

    /** Most buckets kept at once, per kind; idle buckets are dropped once they would be full again anyway. */
    @WithDefault("100000")
    long maxBuckets();

    /**
     * Tokens per minute per client group (IPv4 address, IPv6 /64) that identity-service may find
     * invalid; past it, tokens the gateway has not cached get 429 before identity-service is asked.
     */
    @WithDefault("60")
    int unauthenticatedPerMinute();

    /** POST and DELETE requests in progress at once per client group; more get 429 at once. */
    @WithDefault("256")
    int maxConcurrentPerClient();
}
