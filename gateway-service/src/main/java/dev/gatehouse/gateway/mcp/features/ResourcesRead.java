package dev.gatehouse.gateway.mcp.features;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.gateway.mcp.Caller;
import dev.gatehouse.gateway.mcp.GatewayEvents;
import dev.gatehouse.gateway.mcp.JsonRpc;
import dev.gatehouse.gateway.mcp.McpMethod;
import dev.gatehouse.gateway.mcp.Reply;
import dev.gatehouse.gateway.mcp.relay.UpstreamRelay;
import dev.gatehouse.shared.access.ToolAccess;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code resources/read}: relayed, unchanged, to the server that owns the URI
 * ({@link ResourceOwners}); the allowlist decides first (-32003 {@code Resource not allowed for
 * this user}). A URI no server lists or templates: -32602 {@code Unknown resource} (the
 * gateway's -32002 means upstream timeout, so the 2025 "resource not found" code is not reused).
 */
@ApplicationScoped
public class ResourcesRead implements McpMethod {

    private final ResourceOwners owners;
    private final UpstreamRelay relay;
    private final GatewayEvents events;

    ResourcesRead(ResourceOwners owners, UpstreamRelay relay, GatewayEvents events) {
        this.owners = owners;
        this.relay = relay;
        this.events = events;
    }

    @Override
    public String method() {
        return "resources/read";
    }

    @Override
    public void handle(Caller caller, ObjectNode request, Reply plainReply) {
        JsonNode id = request.get("id");
        JsonNode uri = request.path("params").get("uri");
        if (uri == null || !uri.isTextual() || uri.asText().isEmpty()) {
            plainReply.finish(JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "resources/read needs params.uri (string)"));
            return;
        }
        if (events.refusedUnrecorded(id, plainReply)) {
            return;
        }
        // one resource.read event whatever the outcome (never the contents)
        GatewayEvents.Audited reply = events.audited(caller, GatewayEvents.Kind.RESOURCE, uri.asText(), plainReply);
        owners.ofUri(caller, uri.asText()).onSuccess(owner -> {
            if (owner.isEmpty()) {
                reply.finish(JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "Unknown resource: " + uri.asText()));
            } else if (!caller.principal().mayRead(owner.get().slug(), uri.asText())) {
                reply.routedTo(owner.get().slug(), uri.asText())
                        .refuse(JsonRpc.error(id, ToolAccess.NOT_ALLOWED_CODE, ToolAccess.RESOURCE_NOT_ALLOWED_MESSAGE));
            } else {
                reply.routedTo(owner.get().slug(), uri.asText());
                relay.forward(caller, reply, owner.get(), "resources/read", id, request.get("params").deepCopy());
            }
        });
    }
}
