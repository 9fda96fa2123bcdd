package dev.gatehouse.gateway.mcp.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.gateway.catalog.ToolCatalog;
import dev.gatehouse.gateway.catalog.ToolView;
import dev.gatehouse.gateway.config.GatewayConfig;
import dev.gatehouse.gateway.mcp.Caller;
import dev.gatehouse.gateway.mcp.JsonRpc;
import dev.gatehouse.gateway.mcp.McpMethod;
import dev.gatehouse.gateway.mcp.Reply;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.OptionalInt;

/** {@code tools/list}: one page of the workspace's catalog, as the caller may see it. */
@ApplicationScoped
public class ToolsList implements McpMethod {

    private final ToolCatalog catalog;
    private final int pageSize;

    ToolsList(ToolCatalog catalog, GatewayConfig config) {
        this.catalog = catalog;
        this.pageSize = config.catalog().pageSize();
    }

    @Override
    public String method() {
        return "tools/list";
    }

    @Override
    public void declare(ObjectNode capabilities) {
        capabilities.putObject("tools").put("listChanged", true);
    }

    @Override
    public void handle(Caller caller, ObjectNode request, Reply reply) {
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
            reply.finish(JsonRpc.result(id, visible.page(offset, pageSize)));
        });
    }
}
