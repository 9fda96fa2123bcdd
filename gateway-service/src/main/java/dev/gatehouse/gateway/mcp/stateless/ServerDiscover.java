package dev.gatehouse.gateway.mcp.stateless;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.gateway.mcp.GatewayInfo;
import dev.gatehouse.gateway.mcp.McpDispatcher;
import dev.gatehouse.gateway.mcp.ProtocolVersions;
import jakarta.enterprise.context.ApplicationScoped;


/**
 * {@code server/discover} (server/discover.mdx): the revisions the gateway serves, its aggregate
 * capabilities, and its identity. Capabilities are those the registered methods declare;
 * {@code listChanged} and {@code subscribe} are served through {@code subscriptions/listen}
 * ({@link SubscriptionsListen}), {@code logging} means the per-request {@code logLevel}.
 */
@ApplicationScoped
public class ServerDiscover {

    /** How long a client may cache the answer: it changes only with a new gateway version. */
    static final long TTL_MS = 300_000;

    private final McpDispatcher dispatcher;

    ServerDiscover(McpDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    ObjectNode result() {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("resultType", "complete");
        ProtocolVersions.ALL.forEach(result.putArray("supportedVersions")::add);
        result.set("capabilities", dispatcher.capabilities());
        result.putObject("_meta").set("io.modelcontextprotocol/serverInfo", GatewayInfo.serverInfo());
        result.put("ttlMs", TTL_MS);
        // the same for every caller of the endpoint, but answered only to authenticated ones
        result.put("cacheScope", "private");
        return result;
    }
}
