package dev.gatehouse.gateway.ratelimit;

/** Token-bucket rate limit per (workspace slug, client IP). */
public interface RateLimiter {

    /** Takes one request's worth from the bucket of this workspace and client IP. */
    RateDecision tryAcquire(String workspace, String clientIp);
}
