package dev.gatehouse.gateway.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.vertx.core.buffer.Buffer;

import java.util.Optional;

/**
 * JSON messages written straight to UTF-8 bytes, the same bytes as the text form
 * ({@code toString()}) encoded by Vert.x, without the detour through a String: a 200 KB
 * {@code tools/list} page was copied as chars three times and then encoded char by char.
 *
 * <p>Equal bytes: both forms escape the same characters and keep every other one as it is;
 * surrogate pairs (emoji) become 4-byte UTF-8 in both. Only a lone surrogate (an upstream's
 * {@code "\\ud800"}) has no UTF-8 form: the generator escapes it, so such a message takes the text
 * path as before (where the encoder writes {@code ?}).
 */
public final class JsonBytes {

    private static final ObjectWriter UTF8 = JsonMapper.builder()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build()
            .writer();

    private JsonBytes() {
    }

    /** The message's UTF-8 bytes; empty when it holds a lone surrogate. */
    public static Optional<byte[]> utf8(JsonNode message) {
        byte[] bytes;
        try {
            bytes = UTF8.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
        return hasLoneSurrogate(bytes) ? Optional.empty() : Optional.of(bytes);
    }

    /**
     * Whether the generator wrote a lone surrogate, which it escapes as {@code \uD800}..{@code \uDFFF}
     * (pairs it writes as 4-byte UTF-8, other escapes are below {@code \u0020}). A backslash that
     * starts an escape is one not escaped itself; UTF-8 continuation bytes are never a backslash.
     */
    static boolean hasLoneSurrogate(byte[] json) {
        for (int i = 0; i < json.length - 3; i++) {
            if (json[i] != '\\') {
                continue;
            }
            byte next = json[i + 1];
            if (next == 'u' && (json[i + 2] == 'd' || json[i + 2] == 'D') && isSurrogateDigit(json[i + 3])) {
                return true;
            }
            i++; // the escaped character: a second backslash is not an escape of its own
        }
        return false;
    }

    private static boolean isSurrogateDigit(byte digit) {
        return (digit >= '8' && digit <= '9') || (digit >= 'a' && digit <= 'f') || (digit >= 'A' && digit <= 'F');
    }

    /** The message as an HTTP body: exactly the bytes its text form would have been sent as. */
    public static Buffer body(JsonNode message) {
        return utf8(message).map(Buffer::buffer).orElseGet(() -> Buffer.buffer(message.toString()));
    }
}
