package dev.gatehouse.gateway.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.gateway.mcp.ProtocolVersions;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A request as a 2026-07-28 upstream must receive it: the per-request {@code _meta} (revision,
 * client capabilities, client info) in the body, and the mirrored {@code Mcp-Method} /
 * {@code Mcp-Name} headers ({@code basic/transports/streamable-http.mdx}, "Request Metadata").
 *
 * <p>The client's own {@code _meta} keys (progress token, trace context, a 2026-07-28 client's
 * {@code logLevel}, and of its {@code clientCapabilities} those an input request can use:
 * {@code sampling}, {@code elicitation}, {@code roots}) are kept; the revision and client info are the
 * gateway's, since the gateway is the upstream's client. A 2025 client's request carries no
 * capabilities in its {@code _meta}, so the upstream gets none and asks no input of it.
 */
final class ModernRequests {

    static final String PROTOCOL_VERSION = "io.modelcontextprotocol/protocolVersion";
    static final String CLIENT_CAPABILITIES = "io.modelcontextprotocol/clientCapabilities";
    static final String CLIENT_INFO = "io.modelcontextprotocol/clientInfo";
    /** The requests whose {@code params.name} or {@code params.uri} travels in {@code Mcp-Name}. */
    private static final Set<String> NAMED = Set.of("tools/call", "prompts/get", "resources/read");
    /** The client capabilities a 2026-07-28 client's input requests (MRTR) need. */
    private static final Set<String> RELAYED_CAPABILITIES = Set.of("sampling", "elicitation", "roots");
    private static final String SENTINEL_PREFIX = "=?base64?";
    private static final String SENTINEL_SUFFIX = "?=";

    private ModernRequests() {
    }

    /** The JSON-RPC request with the 2026-07-28 {@code _meta}; {@code request} itself is not changed. */
    static ObjectNode body(ObjectNode request) {
        ObjectNode copy = JsonNodeFactory.instance.objectNode();
        if (request.get("params") instanceof ObjectNode given) {
            copy.setAll(given); // shallow: the arguments are shared, never copied
        }
        ObjectNode meta = JsonNodeFactory.instance.objectNode();
        if (copy.get("_meta") instanceof ObjectNode clientMeta) {
            meta.setAll(clientMeta);
        }
        meta.put(PROTOCOL_VERSION, ProtocolVersions.V2026_07_28);
        ObjectNode offered = JsonNodeFactory.instance.objectNode();
        if (meta.get(CLIENT_CAPABILITIES) instanceof ObjectNode declared) {
            // only what an input request can ask of the client (relayed back to it); no extensions
            // such as tasks, whose methods the gateway does not serve
            RELAYED_CAPABILITIES.forEach(key -> {
                if (declared.get(key) instanceof ObjectNode capability) {
                    offered.set(key, capability);
                }
            });
        }
        meta.set(CLIENT_CAPABILITIES, offered);
        meta.putObject(CLIENT_INFO).put("name", "gatehouse-gateway").put("version", "0.1.0");
        copy.set("_meta", meta);
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("jsonrpc", "2.0");
        body.set("id", request.get("id"));
        body.set("method", request.get("method"));
        body.set("params", copy);
        return body;
    }

    /** {@code MCP-Protocol-Version} is set by the client itself; these are the mirrored ones. */
    static Map<String, String> headers(ObjectNode body) {
        Map<String, String> headers = new LinkedHashMap<>();
        String method = body.path("method").asText();
        headers.put("Mcp-Method", encode(method));
        if (NAMED.contains(method)) {
            JsonNode params = body.path("params");
            JsonNode name = "resources/read".equals(method) ? params.get("uri") : params.get("name");
            if (name != null && name.isTextual()) {
                headers.put("Mcp-Name", encode(name.asText()));
            }
        }
        return headers;
    }

    /**
     * Plain when the value is visible ASCII and spaces without leading or trailing whitespace and does
     * not look like the sentinel; otherwise {@code =?base64?…?=} of its UTF-8 bytes ("Value Encoding").
     */
    static String encode(String value) {
        boolean plain = !value.isEmpty()
                && value.chars().allMatch(c -> c >= 0x20 && c <= 0x7E)
                && value.charAt(0) != ' ' && value.charAt(value.length() - 1) != ' '
                && !(value.startsWith(SENTINEL_PREFIX) && value.endsWith(SENTINEL_SUFFIX));
        return plain ? value : SENTINEL_PREFIX
                + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) + SENTINEL_SUFFIX;
    }
}
