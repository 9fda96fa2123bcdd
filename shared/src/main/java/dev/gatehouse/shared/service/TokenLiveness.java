package dev.gatehouse.shared.service;

import java.util.UUID;
import java.util.function.Predicate;

/**
 * The check registry and audit make on every workspace JWT: the token it was issued for (its
 * {@code tid}) must still be active at identity-service, so a rotated or revoked token stops
 * working at once (M2). Only a UUID names a token; identity is asked about nothing else.
 */
public final class TokenLiveness {

    private TokenLiveness() {
    }

    /** @param identity asks identity-service about a well-formed token id (and fails closed itself) */
    public static boolean stillActive(String tokenId, Predicate<String> identity) {
        if (tokenId == null || tokenId.length() != 36) {
            return false;
        }
        try {
            UUID.fromString(tokenId);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return identity.test(tokenId);
    }
}
