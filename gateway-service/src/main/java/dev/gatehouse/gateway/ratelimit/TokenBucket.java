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
        tokens = Math.min(capacity, tokens + Math.max(0, now - refilledAt) * tokensPerNano);
        refilledAt = now;
        if (tokens >= 1) {
            tokens -= 1;
            return new RateDecision(true, capacity, (int) Math.floor(tokens), secondsUntil(capacity));
        }
        return new RateDecision(false, capacity, 0, secondsUntil(1));
    }

    /** Whole seconds until the bucket holds {@code level} tokens, rounded up so a client waiting that long succeeds. */
    private long secondsUntil(double level) {
        double missing = Math.max(0, level - tokens);
        return (long) Math.ceil(missing / tokensPerNano / NANOS_PER_SECOND);
    }
}
