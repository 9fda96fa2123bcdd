package dev.gatehouse.gateway.ratelimit;

/**
 * One client's bucket: holds up to {@code capacity} tokens, refills continuously at
 * {@code tokensPerNano}, and each request takes one.
 */
final class TokenBucket {

    private static final double NANOS_PER_SECOND = 1e9;

    private final int capacity;
    private final double tokensPerNano;
    private double tokens;
    private long refilledAt;

    TokenBucket(int capacity, double tokensPerNano, long now) {
        this.capacity = capacity;
        this.tokensPerNano = tokensPerNano;
        this.tokens = capacity;
        this.refilledAt = now;
    }

    synchronized RateDecision tryTake(long now) {
        return tryTake(now, 1);
    }

    /** Takes {@code permits} tokens at once, or none (a batch is admitted whole or refused whole). */
    synchronized RateDecision tryTake(long now, int permits) {
        refill(now);
        if (tokens >= permits) {
            tokens -= permits;
            return new RateDecision(true, capacity, (int) Math.floor(tokens), secondsUntil(capacity));
        }
        return new RateDecision(false, capacity, (int) Math.floor(tokens), secondsUntil(Math.min(permits, capacity)));
    }

    /** Whether a request could take a token now, without taking it. */
    synchronized boolean hasToken(long now) {
        refill(now);
        return tokens >= 1;
    }

    private void refill(long now) {
        tokens = Math.min(capacity, tokens + Math.max(0, now - refilledAt) * tokensPerNano);
        refilledAt = now;
    }

    /** Whole seconds until the bucket holds {@code level} tokens, rounded up so a client waiting that long succeeds. */
    private long secondsUntil(double level) {
        double missing = Math.max(0, level - tokens);
        return (long) Math.ceil(missing / tokensPerNano / NANOS_PER_SECOND);
    }
}
