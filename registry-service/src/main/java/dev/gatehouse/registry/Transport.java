package dev.gatehouse.registry;

import java.util.Arrays;
import java.util.Optional;

/** How the gateway and the health check talk to an upstream MCP server. */
public enum Transport {
    /** Streamable HTTP (MCP 2025-03-26 and later). */
    STREAMABLE_HTTP("streamable-http"),
    /** The legacy HTTP+SSE transport (MCP 2024-11-05). */
    SSE("sse");

    private final String wireName;

    Transport(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in the API, the database and events. */
    public String wireName() {
        return wireName;
    }

    public static Optional<Transport> fromWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }
}
