package dev.gatehouse.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** The shape of an {@code mng_} token, and the SHA-256 fingerprint the cache keys it by (never the token itself). */
final class TokenFingerprint {

    /** {@code mng_} followed by 48 lowercase hex characters (24 random bytes). */
    private static final Pattern TOKEN = Pattern.compile("mng_[0-9a-f]{48}");

    private TokenFingerprint() {
    }

    static boolean isWellFormed(String rawToken) {
        return rawToken != null && TOKEN.matcher(rawToken).matches();
    }

    static String of(String rawToken) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(rawToken.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
