package dev.gatehouse.gateway.session;

import java.time.Instant;

/**
 * What a client session needs, carried inside its own {@code Mcp-Session-Id} (encrypted), so any
 * replica can serve it without shared state.
 *
 * @param id              random id of the session (the key of per-session caches)
 * @param workspace       the workspace slug it was opened on
 * @param tokenId         the token that opened it; the session works only with that token
 * @param protocolVersion the negotiated MCP revision
 * @param createdAt       when it was opened
 * @param clientCapabilities compact JSON object of the client's {@code sampling}, {@code elicitation}
 *                        and {@code roots} capabilities, as declared at initialize: the gateway
 *                        declares exactly these to the upstreams of this session (it relays those
 *                        server-to-client requests), so any replica can open an upstream session
 *                        that offers what the client offers
 */
public record McpSession(String id, String workspace, String tokenId, String protocolVersion, Instant createdAt,
                         String clientCapabilities) {

    public McpSession {
        if (clientCapabilities == null || clientCapabilities.isBlank()) {
            clientCapabilities = "{}";
        }
    }

    /** A session whose client declared none of the capabilities the gateway relays. */
    public McpSession(String id, String workspace, String tokenId, String protocolVersion, Instant createdAt) {
        this(id, workspace, tokenId, protocolVersion, createdAt, "{}");
    }
}
