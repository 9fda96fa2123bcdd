package dev.gatehouse.gateway.mcp.stateless;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.gateway.mcp.JsonRpc;
import dev.gatehouse.gateway.mcp.ProtocolVersions;

import java.util.Map;
import java.util.Optional;

/**
 * What a 2026-07-28 request must satisfy before it is served, in this order: the protocol version
 * header and {@code _meta} agree and name a revision the gateway serves, {@code Mcp-Method} and (for
 * the methods that carry a name) {@code Mcp-Name} match the body, the required per-request
 * {@code _meta} fields are there, and an optional log level is one. Each failure is one precise JSON-RPC error, answered with HTTP 400.
 * Pure: no I/O, unit-tested.
 */
final class RequestChecks {

    static final String PROTOCOL_VERSION = "io.modelcontextprotocol/protocolVersion";
    static final String CLIENT_CAPABILITIES = "io.modelcontextprotocol/clientCapabilities";

    /** The methods whose {@code Mcp-Name} header is required, and the body field it mirrors. */
    private static final Map<String, String> NAMED = Map.of(
            "tools/call", "name", "prompts/get", "name", "resources/read", "uri");

    private RequestChecks() {
    }

    /**
     * @param message a valid JSON-RPC request
     * @return the error to answer (HTTP 400), or empty when the request may be served
     */
    static Optional<ObjectNode> problem(MirroredHeaders headers, ObjectNode message) {
        JsonNode id = message.get("id");
        JsonNode meta = message.path("params").path("_meta");
        if (headers.protocolVersion() == null) {
            return mismatch(id, "MCP-Protocol-Version header is required");
        }
        JsonNode version = meta.get(PROTOCOL_VERSION);
        if (version == null || !version.isTextual()) {
            return invalidParams(id, "params._meta[\"" + PROTOCOL_VERSION + "\"] (string) is required");
        }
        if (!headers.protocolVersion().equals(version.asText())) {
            return mismatch(id, "MCP-Protocol-Version header value '" + printable(headers.protocolVersion())
                    + "' does not match body value '" + printable(version.asText()) + "'");
        }
        if (!ProtocolVersions.isStateless(version.asText())) {
            ObjectNode data = JsonNodeFactory.instance.objectNode();
            ProtocolVersions.ALL.forEach(data.putArray("supported")::add);
            data.put("requested", version.asText());
            return Optional.of(JsonRpc.error(id, StatelessErrors.UNSUPPORTED_PROTOCOL_VERSION,
                    "Unsupported protocol version", data));
        }
        String method = message.get("method").asText();
        if (headers.method() == null) {
            return mismatch(id, "Mcp-Method header is required");
        }
        if (!HeaderValues.isFieldValue(headers.method())) {
            return mismatch(id, "Mcp-Method header contains invalid characters");
        }
        if (!headers.method().equals(method)) {
            return mismatch(id, "Mcp-Method header value '" + headers.method() + "' does not match body value '"
                    + printable(method) + "'");
        }
        Optional<ObjectNode> name = nameProblem(headers, message, method);
        if (name.isPresent()) {
            return name;
        }
        if (!meta.path(CLIENT_CAPABILITIES).isObject()) {
            return invalidParams(id, "params._meta[\"" + CLIENT_CAPABILITIES + "\"] (object) is required");
        }
        if (LogLevel.invalid(meta)) {
            return invalidParams(id, "params._meta[\"" + LogLevel.META_KEY + "\"] must be one of " + LogLevel.LEVELS);
        }
        return Optional.empty();
    }

    private static Optional<ObjectNode> nameProblem(MirroredHeaders headers, ObjectNode message, String method) {
        String field = NAMED.get(method);
        if (field == null) {
            return Optional.empty();
        }
        JsonNode id = message.get("id");
        JsonNode body = message.path("params").get(field);
        if (body == null || !body.isTextual()) {
            return invalidParams(id, method + " needs params." + field + " (string)");
        }
        if (headers.name() == null) {
            return mismatch(id, "Mcp-Name header is required for " + method);
        }
        Optional<String> decoded = HeaderValues.decode(headers.name());
        if (decoded.isEmpty()) {
            return mismatch(id, "Mcp-Name header contains invalid characters or invalid Base64");
        }
        if (!decoded.get().equals(body.asText())) {
            return mismatch(id, "Mcp-Name header value '" + printable(decoded.get()) + "' does not match body value '"
                    + printable(body.asText()) + "'");
        }
        return Optional.empty();
    }

    private static Optional<ObjectNode> mismatch(JsonNode id, String detail) {
        return Optional.of(JsonRpc.error(id, StatelessErrors.HEADER_MISMATCH, "Header mismatch: " + detail));
    }

    private static Optional<ObjectNode> invalidParams(JsonNode id, String detail) {
        return Optional.of(JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "Invalid params: " + detail));
    }

    /** A value echoed in an error message: cut short, control characters replaced. */
    private static String printable(String value) {
        String cut = value.length() > 128 ? value.substring(0, 128) + "…" : value;
        return cut.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }
}
