package dev.gatehouse.identity.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The signing key and operator credential checks that stop a misconfigured service at startup. */
class StartupSecretsTest {

    private static final String DEV_PRIVATE = "dev-keys/dev-jwt-private.pem";
    private static final String DEV_PUBLIC = "dev-keys/dev-jwt-public.pem";

    @Test
    void theSigningKeyAndPreviousKeysArePublished() {
        SigningKeys keys = new SigningKeys(config(DEV_PRIVATE, Map.of("old-1", DEV_PUBLIC), "a-long-enough-credential"), false);
        assertEquals("current", keys.keyId());
        assertEquals(2, keys.jwks().size());
        assertEquals("current", keys.jwks().get(0).get("kid"));
        assertEquals("old-1", keys.jwks().get(1).get("kid"));
        // the dev public key is the public half of the dev private key
        assertEquals(keys.jwks().get(0).get("n"), keys.jwks().get(1).get("n"));
        assertEquals("AQAB", keys.jwks().get(0).get("e"));
    }

    @Test
    void aMissingSigningKeyNamesTheSettingToFix() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new SigningKeys(config("/nowhere/key.pem", Map.of(), "a-long-enough-credential"), false));
        assertTrue(e.getMessage().contains("gatehouse.identity.jwt.signing-key-location"), e.getMessage());
        assertTrue(e.getMessage().contains("/nowhere/key.pem"), e.getMessage());
    }

    @Test
    void aPublicKeyIsNotASigningKey() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new SigningKeys(config(DEV_PUBLIC, Map.of(), "a-long-enough-credential"), false));
        assertTrue(e.getMessage().contains("is not a PKCS#8 PEM RSA private key"), e.getMessage());
    }

    @Test
    void anUnreadablePreviousKeyNamesItsKid() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new SigningKeys(config(DEV_PRIVATE, Map.of("old-2", DEV_PRIVATE), "a-long-enough-credential"), false));
        assertTrue(e.getMessage().contains("previous-keys.\"old-2\""), e.getMessage());
    }

    @Test
    void aShortOperatorCredentialIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new OperatorCredential(config(DEV_PRIVATE, Map.of(), "short"), false));
        assertTrue(e.getMessage().contains("gatehouse.identity.operator-credential"), e.getMessage());
    }

    @Test
    void theOperatorCredentialMatchesOnlyItself() {
        OperatorCredential credential = new OperatorCredential(config(DEV_PRIVATE, Map.of(), "a-long-enough-credential"), false);
        assertTrue(credential.matches("a-long-enough-credential"));
        assertFalse(credential.matches("a-long-enough-credentia"));
        assertFalse(credential.matches("a-long-enough-credential "));
        assertFalse(credential.matches(""));
        assertFalse(credential.matches(null));
    }

    @Test
    void L1_inProductionPlaceholderDevAndWeakOperatorCredentialsAreRefused() {
        for (String credential : List.of("change-me-operator-credential", "CHANGE-ME-a-very-long-operator-credential-value",
                "dev-operator-credential", "test-operator-credential", "0123456789abcdef0123456789abcde",
                "abababababababababababababababababab")) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> new OperatorCredential(config(DEV_PRIVATE, Map.of(), credential), true), credential);
            assertTrue(e.getMessage().contains("gatehouse.identity.operator-credential"), e.getMessage());
            assertFalse(e.getMessage().contains(credential), "the message must not quote the credential");
        }
        String random = "3f9a0c1e5b7d2a4c6e8f0b1d3a5c7e9f2b4d6f8a0c2e4a6c";
        assertTrue(new OperatorCredential(config(DEV_PRIVATE, Map.of(), random), true).matches(random));
    }

    @Test
    void L1_inProductionTheSigningKeyMustBeAFileNotAClasspathResource(@TempDir Path dir) throws Exception {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new SigningKeys(config(DEV_PRIVATE, Map.of(), "a-long-enough-credential"), true));
        assertTrue(e.getMessage().contains("must be a file in production"), e.getMessage());
        // the dev key ships in no jar: it is a test resource
        assertFalse(Files.exists(Path.of("src/main/resources/dev-keys")), "dev keys belong to the test resources");
        Path file = dir.resolve("key.pem");
        try (var in = getClass().getClassLoader().getResourceAsStream(DEV_PRIVATE)) {
            Files.write(file, in.readAllBytes());
        }
        assertEquals("current", new SigningKeys(config(file.toString(), Map.of(), "a-long-enough-credential"), true).keyId());
    }

    private static IdentityConfig config(String signingKey, Map<String, String> previous, String operator) {
        IdentityConfig.Jwt jwt = new IdentityConfig.Jwt() {
            public String signingKeyLocation() { return signingKey; }
            public String keyId() { return "current"; }
            public String issuer() { return "gatehouse-identity"; }
            public Duration lifetime() { return Duration.ofMinutes(15); }
            public Map<String, String> previousKeys() { return previous; }
        };
        return new IdentityConfig() {
            public String operatorCredential() { return operator; }
            public int maxAllowlistRules() { return 500; }
            public Duration lastUsedFlushInterval() { return Duration.ofSeconds(5); }
            public Jwt jwt() { return jwt; }
            public Outbox outbox() { return null; }
        };
    }
}
