package dev.gatehouse.gateway.ratelimit;

/**
 * The outcome of one {@link RateLimiter#tryAcquire}: enough for the RateLimit and Retry-After headers.
 *
 * @param allowed      whether the request may proceed
 * @param limit        requests allowed per window
 * @param remaining    requests left in the current window
 * @param resetSeconds seconds until the bucket is full again (Retry-After when refused: until one token is back)
 */
public record RateDecision(boolean allowed, int limit, int remaining, long resetSeconds) {
}
