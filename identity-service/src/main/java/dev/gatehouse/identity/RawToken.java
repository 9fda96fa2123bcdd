package dev.gatehouse.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A raw {@code mng_} token: {@code mng_} followed by 48 lowercase hex characters (192 random bits).
 *
 * <p>The raw value exists only in memory, between creation and the response that shows it once,
 * or between a request and its verification. What is stored is {@link #hash()} and
 * {@link #displayPrefix()}. {@link #toString()} never reveals the value, so a stray log call
 * cannot leak it.
 */
public final class RawToken {

    public static final String PREFIX = "mng_";
    /** Hex characters after the prefix: 24 random bytes. */
    public static final int HEX_LENGTH = 48;
    public static final int LENGTH = PREFIX.length() + HEX_LENGTH;
    /** How many characters of the token (prefix included) are kept for display. */
    private static final int DISPLAY_CHARS = PREFIX.length() + 4;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private final String value;

    private RawToken(String value) {
        this.value = value;
    }

    /** A fresh token from the platform's CSPRNG. */
    public static RawToken generate() {
        byte[] bytes = new byte[HEX_LENGTH / 2];
        RANDOM.nextBytes(bytes);
        return new RawToken(PREFIX + HEX.formatHex(bytes));
    }

    /**
     * Checks the format only (prefix, length, lowercase hex), touching nothing else.
     *
     * @return the token, or empty when {@code candidate} cannot be a Gatehouse token
     */
    public static Optional<RawToken> parse(String candidate) {
        if (candidate == null || candidate.length() != LENGTH || !candidate.startsWith(PREFIX)) {
            return Optional.empty();
        }
        for (int i = PREFIX.length(); i < LENGTH; i++) {
            char c = candidate.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return Optional.empty();
            }
        }
        return Optional.of(new RawToken(candidate));
    }

    /** The value to show the caller once. */
    public String value() {
        return value;
    }

    /** SHA-256 of the token, lowercase hex: the only form that is stored and looked up. */
    public String hash() {
        return sha256Hex(value);
    }

    /** A short, non-secret label such as {@code mng_3f9a…} so people can tell tokens apart. */
    public String displayPrefix() {
        return value.substring(0, DISPLAY_CHARS) + "…";
    }

    /** SHA-256 of a UTF-8 string, lowercase hex. */
    public static String sha256Hex(String text) {
        return HEX.formatHex(sha256(text));
    }

    /** SHA-256 of a UTF-8 string. */
    public static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Compares two hex hashes in time independent of where they differ. */
    public static boolean sameHash(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return "RawToken[" + displayPrefix() + "]";
    }
}
