package dev.gatehouse.gateway.ratelimit;

/**
 * Token-bucket rate limit of authenticated requests per (workspace, client group): an IPv4 address
 * or an IPv6 /64 ({@link ClientGroups}).
 */
public interface RateLimiter {

    /** Takes one request's worth from the bucket of this workspace and client IP. */
    default RateDecision tryAcquire(String workspace, String clientIp) {
        return tryAcquire(workspace, clientIp, 1);
    }

    /** Takes {@code permits} requests' worth (a batch: one per member), all or none. */
    RateDecision tryAcquire(String workspace, String clientIp, int permits);
}
