package dev.gatehouse.gateway.mcp.stateless;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Reading a mirrored header value: plain visible ASCII (RFC 9110 field value characters), or the
 * Base64 sentinel {@code =?base64?…?=} of a UTF-8 value, which must be decoded before it is compared
 * with the body ({@code streamable-http}, "Value Encoding").
 */
final class HeaderValues {

    private static final String PREFIX = "=?base64?";
    private static final String SUFFIX = "?=";

    private HeaderValues() {
    }

    /** @return the value the header stands for; empty when it holds invalid characters or broken Base64 */
    static Optional<String> decode(String header) {
        if (!isFieldValue(header)) {
            return Optional.empty();
        }
        if (!header.startsWith(PREFIX) || !header.endsWith(SUFFIX) || header.length() < PREFIX.length() + SUFFIX.length()) {
            return Optional.of(header);
        }
        String encoded = header.substring(PREFIX.length(), header.length() - SUFFIX.length());
        try {
            byte[] bytes = Base64.getDecoder().decode(encoded);
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString());
        } catch (IllegalArgumentException | CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** Visible ASCII, space and horizontal tab only. */
    static boolean isFieldValue(String value) {
        return value.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c <= 0x7E));
    }
}
