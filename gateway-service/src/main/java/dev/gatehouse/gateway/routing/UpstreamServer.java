package dev.gatehouse.gateway.routing;

/**
 * One upstream MCP server as the registry routes it.
 *
 * @param slug       the server's slug in its workspace (allowlist rules name it)
 * @param name       display name
 * @param url        its MCP endpoint
 * @param transport  {@code streamable-http} or {@code sse} (legacy HTTP+SSE)
 * @param prefix     prepended to its tool names; may be empty
 * @param timeoutMs  per-call timeout; null for the gateway default
 * @param credential what the gateway sends upstream; null when none (the client's token never is)
 */
public record UpstreamServer(String slug, String name, String url, String transport, String prefix, Integer timeoutMs,
                             Credential credential) {

    public String prefixOrEmpty() {
        return prefix == null ? "" : prefix;
    }

    /** Never print the credential's value. */
    @Override
    public String toString() {
        return "UpstreamServer[" + slug + " " + url + "]";
    }

    /** A header the upstream expects, e.g. {@code Authorization: Bearer ...}. */
    public record Credential(String header, String value) {

        @Override
        public String toString() {
            return "Credential[" + header + "]";
        }
    }
}
