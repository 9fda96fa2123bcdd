package dev.gatehouse.shared.service;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServiceTokenTest {

    private static final KeyPair GATEWAY = ed25519();
    private static final KeyPair REGISTRY = ed25519();
    private static final ServiceTokenVerifier IDENTITY = new ServiceTokenVerifier("identity",
            Map.of("gateway", GATEWAY.getPublic(), "registry", REGISTRY.getPublic()));

    @Test
    void H2_aTokenSignedByATrustedCallerForThisServiceNamesTheCaller() {
        String token = new ServiceTokenIssuer("gateway", GATEWAY.getPrivate()).token("identity");
        assertEquals("gateway", IDENTITY.verify(token));
        String header = new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
        assertTrue(header.contains("\"alg\":\"EdDSA\"") && header.contains("\"kid\":\"gateway\""), header);
    }

    @Test
    void H2_tokensForAnotherServiceUntrustedKeysAndForgedNamesAreRefused() {
        // meant for the registry
        assertRefused(new ServiceTokenIssuer("gateway", GATEWAY.getPrivate()).token("registry"));
        // an unknown key claiming to be the gateway
        assertRefused(new ServiceTokenIssuer("gateway", ed25519().getPrivate()).token("identity"));
        // the registry's key, but kid/iss say gateway
        assertRefused(sign(REGISTRY.getPrivate(), "gateway", "gateway", "identity", 60, AlgorithmIdentifiers.EDDSA));
        // the gateway's key and kid, but iss names the registry
        assertRefused(sign(GATEWAY.getPrivate(), "gateway", "registry", "identity", 60, AlgorithmIdentifiers.EDDSA));
        // a caller nobody trusts
        assertRefused(new ServiceTokenIssuer("audit", ed25519().getPrivate()).token("identity"));
    }

    @Test
    void H2_expiredLongLivedUnsignedAndTamperedTokensAreRefused() {
        assertRefused(sign(GATEWAY.getPrivate(), "gateway", "gateway", "identity", -30, AlgorithmIdentifiers.EDDSA));
        assertRefused(sign(GATEWAY.getPrivate(), "gateway", "gateway", "identity", 3600, AlgorithmIdentifiers.EDDSA));
        String good = new ServiceTokenIssuer("gateway", GATEWAY.getPrivate()).token("identity");
        String[] parts = good.split("\\.");
        String noneHeader = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"kid\":\"gateway\"}".getBytes(StandardCharsets.UTF_8));
        assertRefused(noneHeader + "." + parts[1] + ".");
        String otherPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        .replace("\"identity\"", "\"identitx\"").getBytes(StandardCharsets.UTF_8));
        assertRefused(parts[0] + "." + otherPayload + "." + parts[2]);
        assertRefused(null);
        assertRefused("");
        assertRefused("not.a.jwt");
        assertRefused("x".repeat(5000));
    }

    @Test
    void H2_aCallerReusesItsTokenForHalfItsLifetimeThenSignsANewOne() {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        ServiceTokenIssuer issuer = new ServiceTokenIssuer("gateway", GATEWAY.getPrivate(), clock);
        String first = issuer.token("identity");
        now.set(now.get().plus(Duration.ofSeconds(29)));
        assertEquals(first, issuer.token("identity"));
        assertNotEquals(first, issuer.token("registry"));
        now.set(now.get().plus(Duration.ofSeconds(2)));
        assertNotEquals(first, issuer.token("identity"));
    }

    @Test
    void H2_theAllowlistMatchesMethodAndWholeSegmentsOnly() {
        InternalCallers callers = InternalCallers.builder()
                .allow("POST", "/internal/v1/workspaces/{slug}/admin-token", "registry")
                .allow("GET", "/internal/v1/tokens/{id}", "registry", "audit")
                .build();
        assertEquals(java.util.Set.of("registry"), callers.allowed("POST", "/internal/v1/workspaces/acme/admin-token").orElseThrow());
        assertTrue(callers.allowed("GET", "/internal/v1/workspaces/acme/admin-token").isEmpty());
        assertTrue(callers.allowed("POST", "/internal/v1/workspaces/a/b/admin-token").isEmpty());
        assertTrue(callers.allowed("POST", "/internal/v1/workspaces//admin-token").isEmpty());
        assertTrue(callers.allowed("GET", "/internal/v1/tokens/x/y").isEmpty());
        assertTrue(callers.allowed("GET", "/internal/v1/introspect").isEmpty());
        for (String internal : java.util.List.of("/internal", "/internal/v1/x", "/INTERNAL/v1/x", "/internal%2Fv1/x",
                "/%2Finternal/v1/x", "/%69nternal/v1/x", "/internal;a=b/v1/x", "/;x/internal/v1/x", "//internal/v1/x",
                "/\\internal/v1/x")) {
            assertTrue(InternalListener.isInternal(internal), internal);
        }
        for (String other : java.util.List.of("/api/v1/internal", "/api/v1/workspaces/internal/servers", "/q/health", "/")) {
            assertTrue(!InternalListener.isInternal(other), other);
        }
        for (String ambiguous : java.util.List.of("/internal/v1%2Fintrospect", "/internal/v1/tokens/a%2F..%2Fx",
                "/internal;x/v1/introspect", "/internal/v1/%25", "/internal", "//internal/v1/introspect")) {
            assertTrue(InternalListener.ambiguous(ambiguous), ambiguous);
        }
        assertTrue(!InternalListener.ambiguous("/internal/v1/workspaces/acme/admin-token"));
        assertTrue(!InternalListener.ambiguous("/internal/v1/workspaces/%C3%BC/admin-token"));
    }

    private static void assertRefused(String token) {
        assertThrows(ServiceTokenVerifier.InvalidServiceToken.class, () -> IDENTITY.verify(token));
    }

    private static String sign(PrivateKey key, String kid, String issuer, String audience, long lifetimeSeconds,
                               String alg) {
        try {
            JwtClaims claims = new JwtClaims();
            claims.setIssuer(issuer);
            claims.setSubject(issuer);
            claims.setAudience(audience);
            long now = Instant.now().getEpochSecond();
            claims.setIssuedAt(NumericDate.fromSeconds(now));
            claims.setExpirationTime(NumericDate.fromSeconds(now + lifetimeSeconds));
            claims.setJwtId("j");
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims.toJson());
            jws.setKey(key);
            jws.setKeyIdHeaderValue(kid);
            jws.setAlgorithmHeaderValue(alg);
            return jws.getCompactSerialization();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair ed25519() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
