package dev.gatehouse.identity.service;

import dev.gatehouse.identity.config.IdentityConfig;
import dev.gatehouse.identity.config.SigningKeys;
import dev.gatehouse.identity.dto.IssuedJwt;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** Signs the short-lived RS256 JWTs of the management APIs (claims per CONTRACTS.md). */
@ApplicationScoped
public class JwtIssuer {

    private final SigningKeys keys;
    private final IdentityConfig.Jwt config;

    public JwtIssuer(SigningKeys keys, IdentityConfig config) {
        this.keys = keys;
        this.config = config.jwt();
    }

    /** The platform operator's JWT: no workspace, no token id. */
    public IssuedJwt operator() {
        return sign(Jwt.subject(WorkspaceAccess.OPERATOR_SUBJECT).groups(Set.of(WorkspaceAccess.OPERATOR_ROLE)));
    }

    /** A JWT for the token {@code tokenId} of {@code workspace}, carrying its role. */
    public IssuedJwt forToken(String workspace, UUID tokenId, String role) {
        return sign(Jwt.subject(tokenId.toString()).groups(Set.of(role))
                .claim("workspace", workspace).claim("tid", tokenId.toString()));
    }

    private IssuedJwt sign(JwtClaimsBuilder claims) {
        Instant now = Instant.now();
        String jwt = claims.issuer(config.issuer())
                .issuedAt(now)
                .expiresAt(now.plus(config.lifetime()))
                .claim("jti", UUID.randomUUID().toString())
                .jws().keyId(keys.keyId()).algorithm(SignatureAlgorithm.RS256)
                .sign(keys.signingKey());
        return new IssuedJwt(jwt, "Bearer", config.lifetime().toSeconds());
    }
}
