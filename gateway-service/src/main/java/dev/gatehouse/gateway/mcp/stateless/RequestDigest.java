package dev.gatehouse.gateway.mcp.stateless;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Which request a {@code requestState} belongs to: SHA-256 of the method, the name or URI and the
 * arguments (object keys sorted, so a client that re-serialises them still matches). A retry must
 * be the same request; a state presented on another one is refused (the specification's
 * "identifier for the originating request").
 */
final class RequestDigest {

    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private RequestDigest() {
    }

    static String of(ObjectNode request) {
        JsonNode params = request.path("params");
        return sha256Hex(request.path("method").asText() + "\n" + params.path("name").asText() + "\n"
                + params.path("uri").asText() + "\n" + canonical(params.get("arguments")), 16);
    }

    /** The first {@code bytes} bytes of the text's SHA-256, as hex. */
    static String sha256Hex(String text, int bytes) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String canonical(JsonNode arguments) {
        if (arguments == null || arguments.isNull()) {
            return "";
        }
        try {
            return CANONICAL.writeValueAsString(CANONICAL.treeToValue(arguments, Object.class));
        } catch (JsonProcessingException e) {
            return arguments.toString();
        }
    }
}
