package dev.gatehouse.gateway.mcp;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The gateway's own {@code Implementation} (the initialize result's {@code serverInfo}, server/discover's). */
public final class GatewayInfo {

    private GatewayInfo() {
    }

    public static ObjectNode serverInfo() {
        return JsonNodeFactory.instance.objectNode().put("name", "gatehouse").put("title", "Gatehouse MCP gateway")
                .put("version", "0.1.0");
    }
}
