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

    /** Most buckets kept at once; idle buckets are dropped once they would be full again anyway. */
    @WithDefault("100000")
    long maxBuckets();
}
