package dev.gatehouse.gateway.mcp;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;

/** {@code ping}: an empty result, answered by the gateway itself. */
@ApplicationScoped
public class Ping implements McpMethod {

    @Override
    public String method() {
        return "ping";
    }

    @Override
    public void handle(Caller caller, ObjectNode request, Reply reply) {
        reply.finish(JsonRpc.result(request.get("id"), JsonNodeFactory.instance.objectNode()));
    }
}
