package dev.gatehouse.infra.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Signs JWTs shaped like identity-service's, with a test-only RSA key pair, so a service's tests
 * can call its management API without identity-service running. The key pair exists only for
 * tests; {@link GatehouseTestInfra} makes services trust its public half.
 *
 * <p>Claims (the contract identity-service issues): {@code iss}, {@code sub} (token id, or
 * {@code operator}), {@code groups} (one role: {@code platform-operator}, {@code workspace-admin},
 * {@code member}, {@code auditor}), {@code workspace} (slug; absent for the operator), {@code tid}
 * (token id), {@code aud} (the management services that accept it: all three unless a test
 * asks for others), {@code iat}, {@code exp} (5 minutes), {@code jti}.
 */
public final class TestJwts {

    public static final String ISSUER = "gatehouse-identity";
    public static final String PUBLIC_KEY_RESOURCE = "dev/gatehouse/infra/test-jwt-public.pem";
    public static final String PRIVATE_KEY_RESOURCE = "dev/gatehouse/infra/test-jwt-private.pem";
    public static final String KEY_ID = "gatehouse-test";
    /** Every management service's audience, as identity-service issues by default. */
    public static final String ALL_AUDIENCES = "gatehouse-registry,gatehouse-identity,gatehouse-audit";
    private static final Duration LIFETIME = Duration.ofMinutes(5);

    private TestJwts() {
    }

    public static String operator() {
        return sign(Map.of("sub", "operator", "groups", "platform-operator"), LIFETIME);
    }

    public static String workspaceAdmin(String workspace) {
        return forWorkspace("workspace-admin", workspace);
    }

    public static String auditor(String workspace) {
        return forWorkspace("auditor", workspace);
    }

    public static String member(String workspace) {
        return forWorkspace("member", workspace);
    }

    /** A token for {@code role} in {@code workspace}, with a fresh token id. */
    public static String forWorkspace(String role, String workspace) {
        return forToken(role, workspace, UUID.randomUUID().toString());
    }

    /** A token for {@code role} in {@code workspace} issued for the token {@code tokenId} ({@code tid}). */
    public static String forToken(String role, String workspace, String tokenId) {
        return sign(Map.of("sub", tokenId, "tid", tokenId, "groups", role, "workspace", workspace), LIFETIME);
    }

    /**
     * A workspace-admin JWT whose {@code aud} is only {@code audiences} (comma-separated, e.g.
     * {@code gatehouse-audit}): a JWT meant for another service.
     */
    public static String workspaceAdminFor(String workspace, String audiences) {
        String tokenId = UUID.randomUUID().toString();
        return sign(Map.of("sub", tokenId, "tid", tokenId, "groups", "workspace-admin", "workspace", workspace,
                "aud", audiences), LIFETIME);
    }

    /** A token that expired a minute ago. */
    public static String expiredWorkspaceAdmin(String workspace) {
        return sign(Map.of("sub", "expired", "groups", "workspace-admin", "workspace", workspace), Duration.ofMinutes(-1));
    }

    /**
     * Signs {@code claims} (string values; {@code groups} becomes a one-element array, {@code aud}
     * an array of its comma-separated values) with the test key. {@code iss}, {@code iat},
     * {@code exp}, {@code jti} and, unless given, {@code aud} (all three services) are added.
     */
    public static String sign(Map<String, String> claims, Duration lifetime) {
        Instant now = Instant.now();
        Map<String, Object> payload = new LinkedHashMap<>(claims);
        payload.putIfAbsent("aud", ALL_AUDIENCES);
        payload.put("iss", ISSUER);
        payload.put("iat", now.getEpochSecond());
        payload.put("exp", now.plus(lifetime).getEpochSecond());
        payload.put("jti", UUID.randomUUID().toString());
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + KEY_ID + "\"}";
        String signingInput = base64(header.getBytes(StandardCharsets.UTF_8)) + "."
                + base64(json(payload).getBytes(StandardCharsets.UTF_8));
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(privateKey());
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + base64(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String json(Map<String, Object> payload) {
        return payload.entrySet().stream()
                .map(e -> quote(e.getKey()) + ":" + value(e.getKey(), e.getValue()))
                .collect(Collectors.joining(",", "{", "}"));
    }

    private static String value(String key, Object value) {
        if (value instanceof Number) {
            return value.toString();
        }
        if (key.equals("aud")) {
            return Arrays.stream(value.toString().split(",")).map(TestJwts::quote).collect(Collectors.joining(",", "[", "]"));
        }
        return key.equals("groups") ? "[" + quote(value.toString()) + "]" : quote(value.toString());
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String base64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static PrivateKey privateKey() throws GeneralSecurityException {
        try (InputStream in = TestJwts.class.getClassLoader().getResourceAsStream(PRIVATE_KEY_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(PRIVATE_KEY_RESOURCE + " missing");
            }
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
