package dev.gatehouse.shared.service;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signs this service's calls to another: a compact JWS, alg EdDSA (Ed25519), header {@code kid} =
 * caller, claims {@code iss} = {@code sub} = caller, {@code aud} = callee, {@code iat},
 * {@code exp} (iat + 60 s), {@code jti}. A token is reused for its first 30 s, so a busy caller
 * signs about twice a minute per callee.
 */
public final class ServiceTokenIssuer {

    public static final Duration LIFETIME = Duration.ofSeconds(60);
    static final Duration REUSE_FOR = Duration.ofSeconds(30);

    private final String caller;
    private final PrivateKey key;
    private final Clock clock;
    private final Map<String, Issued> cache = new ConcurrentHashMap<>();

    public ServiceTokenIssuer(String caller, PrivateKey key) {
        this(caller, key, Clock.systemUTC());
    }

    public ServiceTokenIssuer(String caller, PrivateKey key, Clock clock) {
        this.caller = Objects.requireNonNull(caller, "caller");
        this.key = Objects.requireNonNull(key, "key");
        this.clock = clock;
    }

    public String caller() {
        return caller;
    }

    /** {@code Bearer <token>} for a call to {@code callee}. */
    public String authorization(String callee) {
        return "Bearer " + token(callee);
    }

    /** A token for a call to {@code callee}, fresh or reused while it has at least 30 s to live. */
    public String token(String callee) {
        Instant now = clock.instant();
        Issued issued = cache.get(callee);
        if (issued == null || !now.isBefore(issued.reuseUntil())) {
            issued = new Issued(sign(callee, now), now.plus(REUSE_FOR));
            cache.put(callee, issued);
        }
        return issued.token();
    }

    private String sign(String callee, Instant now) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(caller);
        claims.setSubject(caller);
        claims.setAudience(callee);
        claims.setIssuedAt(NumericDate.fromSeconds(now.getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(now.plus(LIFETIME).getEpochSecond()));
        claims.setJwtId(UUID.randomUUID().toString());
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        jws.setKeyIdHeaderValue(caller);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.EDDSA);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign a service token for " + callee, e);
        }
    }

    private record Issued(String token, Instant reuseUntil) {
    }
}
