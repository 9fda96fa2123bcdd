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

/** Signs the short-lived RS256 JWTs of the management APIs (claims per CONTRACTS.md, plus {@code aud}). */
@ApplicationScoped
public class JwtIssuer {

    private final SigningKeys keys;
    private final IdentityConfig.Jwt config;

    public JwtIssuer(SigningKeys keys, IdentityConfig config) {
        this.keys = keys;
        this.config = config.jwt();
    }

    /** The platform operator's JWT for {@code audiences}: no workspace, no token id. */
    public IssuedJwt operator(Set<String> audiences) {
        return sign(Jwt.subject(WorkspaceAccess.OPERATOR_SUBJECT).groups(Set.of(WorkspaceAccess.OPERATOR_ROLE)), audiences);
    }

    /** A JWT for the token {@code tokenId} of {@code workspace}, carrying its role, for {@code audiences}. */
    public IssuedJwt forToken(String workspace, UUID tokenId, String role, Set<String> audiences) {
        return sign(Jwt.subject(tokenId.toString()).groups(Set.of(role))
                .claim("workspace", workspace).claim("tid", tokenId.toString()), audiences);
    }

    /** {@code aud} names the services that may accept the JWT (each requires its own); lifetime 5 minutes by default. */
    private IssuedJwt sign(JwtClaimsBuilder claims, Set<String> audiences) {
        Instant now = Instant.now();
        String jwt = claims.issuer(config.issuer())
                .audience(audiences)
                .issuedAt(now)
                .expiresAt(now.plus(config.lifetime()))
                .claim("jti", UUID.randomUUID().toString())
                .jws().keyId(keys.keyId()).algorithm(SignatureAlgorithm.RS256)
                .sign(keys.signingKey());
        return new IssuedJwt(jwt, "Bearer", config.lifetime().toSeconds());
    }
}
