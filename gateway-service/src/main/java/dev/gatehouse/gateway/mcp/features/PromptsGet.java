package dev.gatehouse.gateway.mcp.features;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.gateway.mcp.Caller;
import dev.gatehouse.gateway.mcp.GatewayEvents;
import dev.gatehouse.gateway.mcp.JsonRpc;
import dev.gatehouse.gateway.mcp.McpMethod;
import dev.gatehouse.gateway.mcp.Reply;
import dev.gatehouse.gateway.mcp.relay.UpstreamRelay;
import dev.gatehouse.gateway.routing.UpstreamServer;
import dev.gatehouse.shared.access.ToolAccess;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/**
 * {@code prompts/get}: the exposed name routes to its server by prefix (as {@code tools/call}
 * does), the prefix is stripped, the allowlist checked (-32003 {@code Prompt not allowed for this
 * user}), and the request relayed; the result comes back unchanged.
 */
@ApplicationScoped
public class PromptsGet implements McpMethod {

    private final UpstreamRelay relay;
    private final GatewayEvents events;

    PromptsGet(UpstreamRelay relay, GatewayEvents events) {
        this.relay = relay;
        this.events = events;
    }

    @Override
    public String method() {
        return "prompts/get";
    }

    @Override
    public void handle(Caller caller, ObjectNode request, Reply plainReply) {
        JsonNode id = request.get("id");
        JsonNode name = request.path("params").get("name");
        if (name == null || !name.isTextual()) {
            plainReply.finish(JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "prompts/get needs params.name (string)"));
            return;
        }
        if (events.refusedUnrecorded(id, plainReply)) {
            return;
        }
        // one prompt.retrieved event whatever the outcome (never the arguments or messages)
        GatewayEvents.Audited reply = events.audited(caller, GatewayEvents.Kind.PROMPT, name.asText(), plainReply);
        Optional<UpstreamServer> server = caller.routing().serverFor(name.asText());
        if (server.isEmpty()) {
            reply.finish(JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "Unknown prompt: " + name.asText()));
            return;
        }
        String upstreamName = name.asText().substring(server.get().prefixOrEmpty().length());
        reply.routedTo(server.get().slug(), upstreamName);
        if (!caller.principal().mayGetPrompt(server.get().slug(), upstreamName)) {
            reply.refuse(JsonRpc.error(id, ToolAccess.NOT_ALLOWED_CODE, ToolAccess.PROMPT_NOT_ALLOWED_MESSAGE));
            return;
        }
        ObjectNode params = request.get("params").deepCopy();
        params.put("name", upstreamName);
        relay.forward(caller, reply, server.get(), "prompts/get", id, params);
    }
}
