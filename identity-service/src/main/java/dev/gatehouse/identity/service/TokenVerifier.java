package dev.gatehouse.identity.service;

import dev.gatehouse.identity.RawToken;
import dev.gatehouse.identity.repository.TokenEntity;
import dev.gatehouse.identity.repository.TokenRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Optional;

/**
 * Turns a presented {@code mng_} token into its active stored token, or nothing.
 *
 * <p>A malformed token is refused before any database access. A well-formed one costs exactly one
 * indexed lookup by hash and one constant-time comparison, whether it is unknown, revoked, expired
 * or active, so timing tells an attacker nothing about which.
 */
@ApplicationScoped
public class TokenVerifier {

    /** Compared against when no row matches, so an unknown token costs what a known one does. */
    private static final String DUMMY_HASH = RawToken.sha256Hex("gatehouse-no-such-token");

    private final TokenRepository tokens;
    private final UsageTracker usage;

    public TokenVerifier(TokenRepository tokens, UsageTracker usage) {
        this.tokens = tokens;
        this.usage = usage;
    }

    /** Call inside a transaction; the returned entity is managed by it. */
    public Optional<TokenEntity> verify(String candidate) {
        Optional<RawToken> token = RawToken.parse(candidate);
        if (token.isEmpty()) {
            return Optional.empty();
        }
        String hash = token.get().hash();
        Optional<TokenEntity> row = tokens.findByHash(hash);
        boolean matches = RawToken.sameHash(row.map(t -> t.tokenHash).orElse(DUMMY_HASH), hash);
        Instant now = Instant.now();
        if (row.isEmpty() || !matches || !row.get().isActive(now)) {
            return Optional.empty();
        }
        usage.record(row.get().id, now);
        return row;
    }
}
