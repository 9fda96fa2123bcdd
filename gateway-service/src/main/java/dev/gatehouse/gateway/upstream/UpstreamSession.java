package dev.gatehouse.gateway.upstream;

import dev.gatehouse.gateway.routing.UpstreamServer;

/**
 * An initialized MCP session with one upstream server.
 *
 * @param server          the server, as routed when the session began
 * @param sessionId       the upstream's {@code Mcp-Session-Id}; null for servers without sessions
 * @param protocolVersion the revision the upstream agreed to
 */
public record UpstreamSession(UpstreamServer server, String sessionId, String protocolVersion) {
}
