package dev.gatehouse.gateway.catalog;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Exposed tool names: prefix + upstream name, kept inside what the large model providers accept
 * ({@code [A-Za-z0-9_-]}, at most {@code maxLength} characters). A name that is too long is
 * shortened deterministically (cut, then {@code _} and 8 hex characters of its SHA-256), so it
 * stays stable and unique; a name with other characters is refused (the caller logs it).
 */
public final class ToolNames {

    private static final Pattern PROVIDER_SAFE = Pattern.compile("[A-Za-z0-9_-]+");
    private static final int HASH_CHARS = 8;

    private ToolNames() {
    }

    /** @return the exposed name, or empty when the prefixed name has characters providers refuse */
    public static Optional<String> expose(String prefix, String upstreamName, int maxLength) {
        String full = prefix + upstreamName;
        if (upstreamName.isEmpty() || !PROVIDER_SAFE.matcher(full).matches()) {
            return Optional.empty();
        }
        if (full.length() <= maxLength) {
            return Optional.of(full);
        }
        return Optional.of(full.substring(0, maxLength - HASH_CHARS - 1) + "_" + sha256Hex(full).substring(0, HASH_CHARS));
    }

    static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
