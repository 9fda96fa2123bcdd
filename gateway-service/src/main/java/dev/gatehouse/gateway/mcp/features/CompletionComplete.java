package dev.gatehouse.gateway.mcp.features;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.gateway.mcp.Caller;
import dev.gatehouse.gateway.mcp.JsonRpc;
import dev.gatehouse.gateway.mcp.McpMethod;
import dev.gatehouse.gateway.mcp.Reply;
import dev.gatehouse.gateway.mcp.relay.UpstreamRelay;
import dev.gatehouse.gateway.routing.UpstreamServer;
import dev.gatehouse.shared.access.ToolAccess;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/**
 * {@code completion/complete}: a {@code ref/prompt} goes to the prompt's server by prefix (name
 * stripped), a {@code ref/resource} to the owner of the template or URI ({@link ResourceOwners});
 * the allowlist applies as for getting the prompt or reading the resource.
 */
@ApplicationScoped
public class CompletionComplete implements McpMethod {

    private final ResourceOwners owners;
    private final UpstreamRelay relay;

    CompletionComplete(ResourceOwners owners, UpstreamRelay relay) {
        this.owners = owners;
        this.relay = relay;
    }

    @Override
    public String method() {
        return "completion/complete";
    }

    @Override
    public void handle(Caller caller, ObjectNode request, Reply reply) {
        JsonNode id = request.get("id");
        JsonNode ref = request.path("params").get("ref");
        String type = ref == null ? "" : ref.path("type").asText("");
        if ("ref/prompt".equals(type) && ref.path("name").isTextual()) {
            String name = ref.get("name").asText();
            Optional<UpstreamServer> server = caller.routing().serverFor(name);
            if (server.isEmpty()) {
                reply.finish(JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "Unknown prompt: " + name));
                return;
            }
            String upstreamName = name.substring(server.get().prefixOrEmpty().length());
            if (!caller.principal().mayGetPrompt(server.get().slug(), upstreamName)) {
                reply.finish(JsonRpc.error(id, ToolAccess.NOT_ALLOWED_CODE, ToolAccess.PROMPT_NOT_ALLOWED_MESSAGE));
                return;
            }
            ObjectNode params = request.get("params").deepCopy();
            ((ObjectNode) params.get("ref")).put("name", upstreamName);
            relay.forward(caller, reply, server.get(), "completion/complete", id, params);
        } else if ("ref/resource".equals(type) && ref.path("uri").isTextual()) {
            String uri = ref.get("uri").asText();
            owners.ofTemplate(caller, uri).onSuccess(owner -> {
                if (owner.isEmpty()) {
                    reply.finish(JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "Unknown resource: " + uri));
                } else if (!caller.principal().mayRead(owner.get().slug(), uri)) {
                    reply.finish(JsonRpc.error(id, ToolAccess.NOT_ALLOWED_CODE, ToolAccess.RESOURCE_NOT_ALLOWED_MESSAGE));
                } else {
                    relay.forward(caller, reply, owner.get(), "completion/complete", id, request.get("params").deepCopy());
                }
            });
        } else {
            reply.finish(JsonRpc.error(id, JsonRpc.INVALID_PARAMS,
                    "completion/complete needs params.ref of type ref/prompt (name) or ref/resource (uri)"));
        }
    }

    @Override
    public void declare(ObjectNode capabilities) {
        capabilities.putObject("completions");
    }
}
