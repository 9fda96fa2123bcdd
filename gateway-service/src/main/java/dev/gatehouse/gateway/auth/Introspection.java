package dev.gatehouse.gateway.auth;

import java.time.Instant;
import java.util.Optional;

/**
 * identity-service's answer about one token.
 *
 * @param principal who the token belongs to; empty when the token is inactive
 * @param expiresAt when the token itself expires; null when inactive or unknown
 */
record Introspection(Optional<Principal> principal, Instant expiresAt) {

    static final Introspection INACTIVE = new Introspection(Optional.empty(), null);
}
