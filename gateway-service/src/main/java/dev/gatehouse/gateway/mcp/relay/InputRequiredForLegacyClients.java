package dev.gatehouse.gateway.mcp.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.gateway.mcp.Caller;
import dev.gatehouse.gateway.mcp.JsonRpc;
import dev.gatehouse.gateway.routing.UpstreamServer;

import java.util.Iterator;
import java.util.Map;

/**
 * A 2026-07-28 upstream's {@code InputRequiredResult} (MRTR: {@code resultType: "input_required"})
 * as a 2025 client gets it. A 2026-07-28 client gets it as it is but for its wrapped
 * {@code requestState} ({@link UpstreamRequestStates}). A 2025 client has no such result type: the gateway does not (yet) turn the input
 * requests into 2025 server-to-client requests and retry, so the client gets a clear error naming
 * what the server asked for. The gateway declares no client capabilities to a 2026-07-28 upstream
 * for a 2025 client, so a conforming upstream asks such a client nothing.
 */
final class InputRequiredForLegacyClients {

    /** The upstream asked a 2025 client for input the gateway cannot relay in that revision. */
    static final int INPUT_NOT_RELAYED = -32007;

    private InputRequiredForLegacyClients() {
    }

    static ObjectNode answer(Caller caller, UpstreamServer server, ObjectNode response) {
        if (caller.stateless() || !"input_required".equals(response.path("result").path("resultType").asText())) {
            return response;
        }
        ArrayNode asked = JsonNodeFactory.instance.arrayNode();
        JsonNode requests = response.path("result").path("inputRequests");
        for (Iterator<Map.Entry<String, JsonNode>> it = requests.fields(); it.hasNext(); ) {
            asked.add(it.next().getValue().path("method").asText("?"));
        }
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("server", server.slug());
        data.set("inputRequests", asked);
        return JsonRpc.error(response.get("id"), INPUT_NOT_RELAYED, "Input required: " + server.slug()
                + " (MCP 2026-07-28) asked the client for input" + (asked.isEmpty() ? "" : " (" + join(asked) + ")")
                + ", which the gateway cannot relay to an MCP 2025 client; use an MCP 2026-07-28 client", data);
    }

    private static String join(ArrayNode methods) {
        StringBuilder joined = new StringBuilder();
        methods.forEach(method -> joined.append(joined.isEmpty() ? "" : ", ").append(method.asText()));
        return joined.toString();
    }
}
