package dev.gatehouse.gateway.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.gateway.catalog.ToolCatalog;
import dev.gatehouse.gateway.catalog.ToolView;
import dev.gatehouse.gateway.config.GatewayConfig;
import dev.gatehouse.gateway.mcp.JsonRpc;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.OptionalInt;

/**
 * Answers the JSON-RPC requests of an established client session: what the gateway itself knows
 * ({@code ping}, {@code tools/list}) and what it relays ({@code tools/call}, cancellation).
 */
@ApplicationScoped
public class McpDispatcher {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ToolCatalog catalog;
    private final ToolCallService calls;
    private final int pageSize;

    public McpDispatcher(ToolCatalog catalog, ToolCallService calls, GatewayConfig config) {
        this.catalog = catalog;
        this.calls = calls;
        this.pageSize = config.catalog().pageSize();
    }

    /** The result of {@code initialize}: the negotiated revision and what the gateway really offers. */
    public ObjectNode initializeResult(String protocolVersion) {
        ObjectNode result = JSON.objectNode().put("protocolVersion", protocolVersion);
        result.putObject("capabilities").putObject("tools").put("listChanged", true);
        result.putObject("serverInfo").put("name", "gatehouse").put("title", "Gatehouse MCP gateway").put("version", "0.1.0");
        return result;
    }

    /** A request (it has an id): the answer goes to {@code reply}. */
    public void request(Caller caller, ObjectNode request, Reply reply) {
        JsonNode id = request.get("id");
        switch (request.get("method").asText()) {
            case "ping" -> reply.finish(JsonRpc.result(id, JSON.objectNode()));
            case "tools/list" -> listTools(caller, request, reply);
            case "tools/call" -> calls.call(caller, request, reply);
            case "initialize" -> reply.finish(JsonRpc.error(id, JsonRpc.INVALID_REQUEST,
                    "the session is already initialized; initialize without Mcp-Session-Id to start a new one"));
            default -> reply.finish(JsonRpc.error(id, JsonRpc.METHOD_NOT_FOUND, "Method not found: " + request.get("method").asText()));
        }
    }

    /** A notification from the client: only cancellation needs action. */
    public void notification(Caller caller, ObjectNode notification) {
        if ("notifications/cancelled".equals(notification.get("method").asText())) {
            calls.cancel(caller, notification);
        }
    }

    private void listTools(Caller caller, ObjectNode request, Reply reply) {
        JsonNode id = request.get("id");
        JsonNode cursor = request.path("params").get("cursor");
        if (cursor != null && !cursor.isNull() && !cursor.isTextual()) {
            reply.finish(JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "Invalid cursor"));
            return;
        }
        catalog.catalog(caller.routing()).onComplete(loaded -> {
            if (loaded.failed()) {
                reply.finish(JsonRpc.error(id, JsonRpc.INTERNAL_ERROR, "Internal error: the tool list is unavailable"));
                return;
            }
            ToolView visible = loaded.result().viewFor(caller.principal());
            int offset = 0;
            if (cursor != null && cursor.isTextual()) {
                OptionalInt decoded = visible.offsetOf(cursor.asText());
                if (decoded.isEmpty()) {
                    reply.finish(JsonRpc.error(id, JsonRpc.INVALID_PARAMS,
                            "Invalid cursor (it is not ours, or the tool list changed: list again from the start)"));
                    return;
                }
                offset = decoded.getAsInt();
            }
            ObjectNode result = visible.page(offset, pageSize);
            reply.finish(JsonRpc.result(id, result));
        });
    }
}
