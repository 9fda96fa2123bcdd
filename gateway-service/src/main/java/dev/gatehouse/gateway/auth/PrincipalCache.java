package dev.gatehouse.gateway.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Introspection answers keyed by the token's SHA-256 fingerprint, with the evictions revocation
 * events need: by token id, and by workspace.
 *
 * <p>A revocation may arrive while an introspection for the same token is in flight; that answer
 * predates the revocation and must not be cached. Every eviction therefore bumps a generation, and
 * {@link #put} drops an answer whose lookup began in an older generation.
 */
@ApplicationScoped
class PrincipalCache {

    private final Cache<String, Optional<Principal>> answers;
    private final Map<String, String> keyByTokenId = new ConcurrentHashMap<>();
    private final Duration ttl;
    private final Duration negativeTtl;
    private long generation;

    PrincipalCache(AuthConfig config, MeterRegistry registry) {
        this.ttl = config.cacheTtl();
        this.negativeTtl = config.negativeCacheTtl();
        this.answers = Caffeine.newBuilder()
                .maximumSize(config.cacheMaxSize())
                .expireAfter(new AnswerExpiry())
                .executor(Runnable::run)
                .removalListener(this::unindex)
                .recordStats()
                .build();
        CaffeineCacheMetrics.monitor(registry, answers, "gateway.principals");
    }

    /** @return the remembered answer (a principal, or empty for an inactive token), or null when there is none */
    Optional<Principal> get(String key) {
        return answers.getIfPresent(key);
    }

    /** The generation to pass to {@link #put} for a lookup that starts now. */
    synchronized long generation() {
        return generation;
    }

    /** Remembers {@code answer} unless something was evicted since the lookup began. */
    synchronized void put(String key, Introspection answer, long lookupGeneration) {
        if (lookupGeneration != generation) {
            return;
        }
        Duration lifetime = lifetime(answer);
        if (lifetime.isZero() || lifetime.isNegative()) {
            return;
        }
        answers.policy().expireVariably().orElseThrow().put(key, answer.principal(), lifetime);
        answer.principal().ifPresent(principal -> keyByTokenId.put(principal.tokenId(), key));
    }

    /** Forgets the token with this id (revoked, rotated, allowlist changed). */
    synchronized void evictToken(String tokenId) {
        generation++;
        String key = keyByTokenId.remove(tokenId);
        if (key != null) {
            answers.invalidate(key);
        }
    }

    /** Forgets every principal of the workspace (enforcement switched, all tokens revoked). */
    synchronized void evictWorkspace(String workspace) {
        generation++;
        answers.asMap().values().removeIf(answer -> answer.map(p -> p.workspace().equals(workspace)).orElse(false));
    }

    private Duration lifetime(Introspection answer) {
        if (answer.principal().isEmpty()) {
            return negativeTtl;
        }
        if (answer.expiresAt() == null) {
            return ttl;
        }
        Duration untilExpiry = Duration.between(Instant.now(), answer.expiresAt());
        return untilExpiry.compareTo(ttl) < 0 ? untilExpiry : ttl;
    }

    private void unindex(String key, Optional<Principal> answer, RemovalCause cause) {
        if (cause != RemovalCause.REPLACED && answer != null) {
            answer.ifPresent(principal -> keyByTokenId.remove(principal.tokenId(), key));
        }
    }

    /** Lifetimes are set per entry by {@link #put}; reads never extend them. */
    private final class AnswerExpiry implements Expiry<String, Optional<Principal>> {
        @Override
        public long expireAfterCreate(String key, Optional<Principal> value, long currentTime) {
            return (value.isPresent() ? ttl : negativeTtl).toNanos();
        }

        @Override
        public long expireAfterUpdate(String key, Optional<Principal> value, long currentTime, long currentDuration) {
            return currentDuration;
        }

        @Override
        public long expireAfterRead(String key, Optional<Principal> value, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
