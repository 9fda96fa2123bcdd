package dev.gatehouse.gateway.auth;

import io.vertx.core.Future;

import java.util.Optional;

/**
 * Turns a raw bearer token into a {@link Principal}: introspection at identity-service, cached
 * briefly, evicted at once by revocation events.
 */
public interface PrincipalResolver {

    /**
     * @return the principal, or empty when the token is malformed, unknown, revoked or expired;
     *         fails with {@link IdentityUnavailableException} when identity-service cannot answer
     *         and nothing valid is cached (fail closed)
     */
    Future<Optional<Principal>> resolve(String rawToken);

    /** Whether {@link #resolve} would ask identity-service: the token is well-formed and nothing is remembered for it. */
    boolean needsIdentity(String rawToken);
}
