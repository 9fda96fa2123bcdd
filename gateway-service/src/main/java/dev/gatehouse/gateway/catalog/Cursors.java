package dev.gatehouse.gateway.catalog;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.OptionalInt;

/**
 * The gateway's own opaque {@code tools/list} cursor: an offset bound to a fingerprint of the
 * exact list it points into, so a cursor from a changed list (or a forged one) is refused rather
 * than silently skipping or repeating tools.
 */
public final class Cursors {

    private static final String FORMAT = "v1";

    private Cursors() {
    }

    public static String encode(int offset, String fingerprint) {
        String plain = FORMAT + ":" + offset + ":" + fingerprint;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** @return the offset, or empty when the cursor is not one of ours for this list */
    public static OptionalInt decode(String cursor, String fingerprint, int size) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":", -1);
            if (parts.length != 3 || !FORMAT.equals(parts[0]) || !fingerprint.equals(parts[2])) {
                return OptionalInt.empty();
            }
            int offset = Integer.parseInt(parts[1]);
            return offset > 0 && offset < size ? OptionalInt.of(offset) : OptionalInt.empty();
        } catch (IllegalArgumentException e) {
            return OptionalInt.empty();
        }
    }

    /** A short fingerprint of the names in a list, in order. */
    public static String fingerprint(List<String> names) {
        return ToolNames.sha256Hex(String.join("\n", names)).substring(0, 16);
    }
}
