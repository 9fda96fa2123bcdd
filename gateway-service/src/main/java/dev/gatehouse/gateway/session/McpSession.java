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
 */
public record McpSession(String id, String workspace, String tokenId, String protocolVersion, Instant createdAt) {
}
