package dev.gatehouse.gateway.auth;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenFingerprintTest {

    private static final String TOKEN = "mng_" + "0123456789abcdef".repeat(3);

    @Test
    void onlyMngWithFortyEightLowercaseHexIsWellFormed() {
        assertTrue(TokenFingerprint.isWellFormed(TOKEN));
        assertFalse(TokenFingerprint.isWellFormed(null));
        assertFalse(TokenFingerprint.isWellFormed(""));
        assertFalse(TokenFingerprint.isWellFormed(TOKEN.toUpperCase()));
        assertFalse(TokenFingerprint.isWellFormed(TOKEN.substring(0, TOKEN.length() - 1)));
        assertFalse(TokenFingerprint.isWellFormed(TOKEN + "0"));
        assertFalse(TokenFingerprint.isWellFormed("xyz_" + TOKEN.substring(4)));
        assertFalse(TokenFingerprint.isWellFormed(TOKEN.substring(0, 51) + "g"));
        assertFalse(TokenFingerprint.isWellFormed(TOKEN + "\n"));
    }

    @Test
    void theFingerprintIsSha256HexAndNeverContainsTheToken() {
        String fingerprint = TokenFingerprint.of(TOKEN);
        assertEquals(64, fingerprint.length());
        assertEquals(fingerprint, TokenFingerprint.of(TOKEN));
        assertNotEquals(fingerprint, TokenFingerprint.of("mng_" + "f".repeat(48)));
        assertFalse(fingerprint.contains(TOKEN.substring(4)));
        // sha256 of "mng_" + 48 zeros, computed with sha256sum
        assertEquals("d8d8c5736941c4db841565087d6c51ebe4f33d7540195c7986fb32b0d11d301b", TokenFingerprint.of("mng_" + "0".repeat(48)));
    }
}
