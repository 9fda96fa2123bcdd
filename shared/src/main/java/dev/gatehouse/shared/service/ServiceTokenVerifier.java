package dev.gatehouse.shared.service;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.lang.UnresolvableKeyException;

import java.security.PublicKey;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks a service token presented to this service: EdDSA only, signed by the key of the caller
 * its {@code kid} names (a trusted one), {@code iss} = {@code sub} = that caller, {@code aud} =
 * this service, {@code exp} in the future but at most two minutes away, {@code iat} and
 * {@code jti} present. Anything else is refused.
 */
public final class ServiceTokenVerifier {

    /** Verified tokens are remembered (until they expire) so a caller's reused token costs one signature check. */
    private static final int MAX_REMEMBERED = 256;

    private final String self;
    private final Map<String, PublicKey> trusted;
    private final JwtConsumer consumer;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    public ServiceTokenVerifier(String self, Map<String, PublicKey> trusted) {
        this.self = Objects.requireNonNull(self, "self");
        this.trusted = Map.copyOf(trusted);
        this.consumer = new JwtConsumerBuilder()
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.EDDSA)
                .setVerificationKeyResolver((jws, nested) -> {
                    PublicKey key = jws.getKeyIdHeaderValue() == null ? null : this.trusted.get(jws.getKeyIdHeaderValue());
                    if (key == null) {
                        throw new UnresolvableKeyException("untrusted caller");
                    }
                    return key;
                })
                .setExpectedAudience(self)
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setRequireJwtId()
                .setRequireSubject()
                .setMaxFutureValidityInMinutes(2)
                .setAllowedClockSkewInSeconds(5)
                .build();
    }

    /** The callers whose keys this service trusts. */
    public java.util.Set<String> trustedCallers() {
        return trusted.keySet();
    }

    /**
     * @return the verified caller's name
     * @throws InvalidServiceToken for a missing, malformed, untrusted, expired or misdirected token
     */
    public String verify(String token) {
        if (token == null || token.isEmpty() || token.length() > 2048) {
            throw new InvalidServiceToken("no service token");
        }
        long now = System.currentTimeMillis();
        Verified known = verified.get(token);
        if (known != null && now < known.expiresAtMillis()) {
            return known.caller();
        }
        try {
            var context = consumer.process(token);
            JwtClaims claims = context.getJwtClaims();
            String kid = context.getJoseObjects().get(0).getKeyIdHeaderValue();
            if (!kid.equals(claims.getIssuer()) || !kid.equals(claims.getSubject())) {
                throw new InvalidServiceToken("issuer, subject and key id differ");
            }
            if (verified.size() >= MAX_REMEMBERED) {
                verified.clear();
            }
            verified.put(token, new Verified(kid, claims.getExpirationTime().getValueInMillis()));
            return kid;
        } catch (InvalidJwtException | MalformedClaimException e) {
            throw new InvalidServiceToken("invalid service token");
        }
    }

    /** Who the tokens are meant for. */
    public String self() {
        return self;
    }

    private record Verified(String caller, long expiresAtMillis) {
    }

    /** A token this service does not accept; the message never quotes the token. */
    public static final class InvalidServiceToken extends RuntimeException {
        public InvalidServiceToken(String message) {
            super(message, null, false, false);
        }
    }
}
