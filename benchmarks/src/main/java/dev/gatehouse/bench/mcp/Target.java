package dev.gatehouse.bench.mcp;

/**
 * Where load goes: an MCP endpoint, the bearer token it needs (null for an upstream without
 * auth), the prefix its tool names carry there (the gateway prefixes each server's tools) and the
 * transport it speaks.
 */
public record Target(String name, String url, String bearer, String toolPrefix, Transport transport) {

    /** The MCP transports the load generator speaks. */
    public enum Transport {
        /** MCP 2025-03-26 and later: one POST per message, JSON or SSE answer. */
        STREAMABLE_HTTP,
        /** MCP 2024-11-05: a GET event stream carries every answer; messages are POSTed to the endpoint it names. */
        HTTP_SSE
    }

    public Target(String name, String url, String bearer, String toolPrefix) {
        this(name, url, bearer, toolPrefix, Transport.STREAMABLE_HTTP);
    }

    public static Target direct(String name, String url) {
        return new Target(name, url, null, "");
    }

    public String tool(String upstreamName) {
        return toolPrefix + upstreamName;
    }
}
