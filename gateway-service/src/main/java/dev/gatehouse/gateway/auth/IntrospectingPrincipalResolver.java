package dev.gatehouse.gateway.auth;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves {@code mng_} tokens through identity-service introspection, remembering answers briefly
 * in {@link PrincipalCache}. A malformed token is refused without a call. When identity-service
 * cannot answer, remembered principals keep working until they expire and every other token fails
 * with {@link IdentityUnavailableException} (fail closed).
 */
@ApplicationScoped
public class IntrospectingPrincipalResolver implements PrincipalResolver {

    private final PrincipalCache cache;
    private final IdentityClient identity;
    /**
     * Introspections in flight, by token fingerprint and cache generation. When a remembered
     * principal expires under load, every request of that token would otherwise introspect at once
     * (hundreds per second, issue 14): they time out at identity and the callers get 503s. Requests
     * join the lookup in flight instead, but only one that began in the current generation, so a
     * request after a revocation never joins a lookup that began before it.
     */
    private final Map<String, Future<Introspection>> inFlight = new ConcurrentHashMap<>();

    IntrospectingPrincipalResolver(PrincipalCache cache, IdentityClient identity) {
        this.cache = cache;
        this.identity = identity;
    }

    @Override
    public boolean needsIdentity(String rawToken) {
        if (!TokenFingerprint.isWellFormed(rawToken)) {
            return false;
        }
        String key = TokenFingerprint.of(rawToken);
        return cache.get(key) == null && !inFlight.containsKey(key + "@" + cache.generation());
    }

    @Override
    public Future<Optional<Principal>> resolve(String rawToken) {
        if (!TokenFingerprint.isWellFormed(rawToken)) {
            return Future.succeededFuture(Optional.empty());
        }
        String key = TokenFingerprint.of(rawToken);
        Optional<Principal> remembered = cache.get(key);
        if (remembered != null) {
            return Future.succeededFuture(remembered);
        }
        long generation = cache.generation();
        String lookup = key + "@" + generation;
        Future<Introspection> pending = inFlight.get(lookup);
        if (pending == null) {
            Promise<Introspection> started = Promise.promise();
            pending = inFlight.putIfAbsent(lookup, started.future());
            if (pending == null) {
                pending = started.future();
                identity.introspect(rawToken).onComplete(done -> {
                    if (done.succeeded()) {
                        cache.put(key, done.result(), generation);
                    }
                    inFlight.remove(lookup);
                    started.handle(done);
                });
            }
        }
        return pending.map(Introspection::principal);
    }
}
