package dev.gatehouse.identity.config;

import org.junit.jupiter.api.Test;

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
        SigningKeys keys = new SigningKeys(config(DEV_PRIVATE, Map.of("old-1", DEV_PUBLIC), "a-long-enough-credential"));
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
                () -> new SigningKeys(config("/nowhere/key.pem", Map.of(), "a-long-enough-credential")));
        assertTrue(e.getMessage().contains("gatehouse.identity.jwt.signing-key-location"), e.getMessage());
        assertTrue(e.getMessage().contains("/nowhere/key.pem"), e.getMessage());
    }

    @Test
    void aPublicKeyIsNotASigningKey() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new SigningKeys(config(DEV_PUBLIC, Map.of(), "a-long-enough-credential")));
        assertTrue(e.getMessage().contains("is not a PKCS#8 PEM RSA private key"), e.getMessage());
    }

    @Test
    void anUnreadablePreviousKeyNamesItsKid() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new SigningKeys(config(DEV_PRIVATE, Map.of("old-2", DEV_PRIVATE), "a-long-enough-credential")));
        assertTrue(e.getMessage().contains("previous-keys.\"old-2\""), e.getMessage());
    }

    @Test
    void aShortOperatorCredentialIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new OperatorCredential(config(DEV_PRIVATE, Map.of(), "short")));
        assertTrue(e.getMessage().contains("gatehouse.identity.operator-credential"), e.getMessage());
    }

    @Test
    void theOperatorCredentialMatchesOnlyItself() {
        OperatorCredential credential = new OperatorCredential(config(DEV_PRIVATE, Map.of(), "a-long-enough-credential"));
        assertTrue(credential.matches("a-long-enough-credential"));
        assertFalse(credential.matches("a-long-enough-credentia"));
        assertFalse(credential.matches("a-long-enough-credential "));
        assertFalse(credential.matches(""));
        assertFalse(credential.matches(null));
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
