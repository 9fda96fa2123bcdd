package dev.gatehouse.gateway.mcp.stateless;

/**
 * The HTTP headers in which a 2026-07-28 client mirrors body fields ({@code basic/transports/
 * streamable-http}, "Request Metadata"), as received; null when absent. The MCP package gets their
 * values, never the HTTP request.
 *
 * @param protocolVersion {@code MCP-Protocol-Version}: must equal {@code _meta["io.modelcontextprotocol/protocolVersion"]}
 * @param method          {@code Mcp-Method}: must equal {@code method}
 * @param name            {@code Mcp-Name}: must equal {@code params.name} or {@code params.uri}, possibly Base64-encoded
 */
public record MirroredHeaders(String protocolVersion, String method, String name) {
}
