package dev.gatehouse.gateway.auth;

import io.vertx.core.Future;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

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

    IntrospectingPrincipalResolver(PrincipalCache cache, IdentityClient identity) {
        this.cache = cache;
        this.identity = identity;
    }

    @Override
    public boolean needsIdentity(String rawToken) {
        return TokenFingerprint.isWellFormed(rawToken) && cache.get(TokenFingerprint.of(rawToken)) == null;
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
        return identity.introspect(rawToken)
                .andThen(done -> {
                    if (done.succeeded()) {
                        cache.put(key, done.result(), generation);
                    }
                })
                .map(Introspection::principal);
    }
}
