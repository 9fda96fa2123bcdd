package dev.gatehouse.bench.mcp;

/**
 * Where load goes: an MCP endpoint, the bearer token it needs (null for an upstream without
 * auth) and the prefix its tool names carry there (the gateway prefixes each server's tools).
 */
public record Target(String name, String url, String bearer, String toolPrefix) {

    public static Target direct(String name, String url) {
        return new Target(name, url, null, "");
    }

    public String tool(String upstreamName) {
        return toolPrefix + upstreamName;
    }
}
