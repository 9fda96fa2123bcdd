package dev.gatehouse.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The cheap limit in front of authentication, per client group (IPv4 address or IPv6 /64): how many
 * tokens identity-service may be asked about and call them invalid. Only a failed introspection
 * takes from it, so a member whose token is valid never drains it, and requests without a token
 * (refused at no cost) never fill identity-service's queue. When it is empty, a token the gateway
 * has not cached is refused with 429 before identity-service is asked; cached principals pass.
 */
@ApplicationScoped
public class UnauthenticatedRateLimiter {

    private final int capacity;
    private final double tokensPerNano;
    private final LongSupplier nanoTime;
    private final Cache<String, TokenBucket> buckets;

    @Inject
    UnauthenticatedRateLimiter(RateLimitConfig config) {
        this(config.unauthenticatedPerMinute(), config.maxBuckets(), System::nanoTime);
    }

    UnauthenticatedRateLimiter(int perMinute, long maxBuckets, LongSupplier nanoTime) {
        if (perMinute < 1) {
            throw new IllegalArgumentException("unauthenticated-per-minute must be at least 1");
        }
        this.capacity = perMinute;
        this.tokensPerNano = perMinute / (double) Duration.ofMinutes(1).toNanos();
        this.nanoTime = nanoTime;
        this.buckets = Caffeine.newBuilder()
                .maximumSize(maxBuckets)
                .expireAfterAccess(Duration.ofNanos((long) Math.ceil(capacity / tokensPerNano)))
                .ticker(nanoTime::getAsLong)
                .build();
    }

    /** Whether this client may still have a token checked at identity-service. */
    public boolean mayIntrospect(String clientIp) {
        TokenBucket bucket = buckets.getIfPresent(ClientGroups.of(clientIp));
        return bucket == null || bucket.hasToken(nanoTime.getAsLong());
    }

    /** Counts one token identity-service found invalid. */
    public void failedIntrospection(String clientIp) {
        long now = nanoTime.getAsLong();
        buckets.get(ClientGroups.of(clientIp), key -> new TokenBucket(capacity, tokensPerNano, now)).tryTake(now);
    }

    /** The per-minute limit, for the 429 answer. */
    public int limit() {
        return capacity;
    }

    long size() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }
}
