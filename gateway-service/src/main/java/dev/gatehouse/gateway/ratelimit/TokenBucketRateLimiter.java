package dev.gatehouse.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Token buckets per (workspace, client group), held in this replica's memory. The workspace is the
 * authenticated principal's (the gate takes from this bucket only after authentication), so neither
 * requests without a valid token nor made-up slugs ever create or drain a bucket here.
 *
 * <p>A bucket idle for as long as it takes to refill completely is dropped: a new one would start
 * full, so nothing changes for the client, and the map stays bounded by the active clients.
 */
@ApplicationScoped
public class TokenBucketRateLimiter implements RateLimiter {

    private final int capacity;
    private final double tokensPerNano;
    private final LongSupplier nanoTime;
    private final Cache<BucketKey, TokenBucket> buckets;

    @Inject
    TokenBucketRateLimiter(RateLimitConfig config) {
        this(config.requestsPerMinute(), config.capacity().orElse(config.requestsPerMinute()), config.maxBuckets(),
                System::nanoTime);
    }

    TokenBucketRateLimiter(int requestsPerMinute, int capacity, long maxBuckets, LongSupplier nanoTime) {
        if (requestsPerMinute < 1 || capacity < 1) {
            throw new IllegalArgumentException("rate limit and capacity must be at least 1");
        }
        this.capacity = capacity;
        this.tokensPerNano = requestsPerMinute / (double) Duration.ofMinutes(1).toNanos();
        this.nanoTime = nanoTime;
        long refillNanos = (long) Math.ceil(capacity / tokensPerNano);
        this.buckets = Caffeine.newBuilder()
                .maximumSize(maxBuckets)
                .expireAfterAccess(Duration.ofNanos(refillNanos))
                .ticker(nanoTime::getAsLong)
                .build();
    }

    @Override
    public RateDecision tryAcquire(String workspace, String clientIp, int permits) {
        long now = nanoTime.getAsLong();
        TokenBucket bucket = buckets.get(new BucketKey(workspace, ClientGroups.of(clientIp)),
                key -> new TokenBucket(capacity, tokensPerNano, now));
        return bucket.tryTake(now, permits);
    }

    /** Buckets held now (after pending evictions), for tests. */
    long size() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }

    private record BucketKey(String workspace, String clientIp) {
    }
}
