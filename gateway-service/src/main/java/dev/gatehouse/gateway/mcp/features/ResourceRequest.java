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
import io.vertx.core.Future;

/**
 * A subscription request about one resource URI ({@code resources/subscribe},
 * {@code resources/unsubscribe}): relayed, unchanged, to the server that owns the URI
 * ({@link ResourceOwners}), the owner rule of {@link ResourcesRead}; the allowlist decides first
 * as for a read (-32003 {@code Resource not allowed for this user}). A URI no server lists or templates: -32602 {@code Unknown resource}
 * (the gateway's -32002 means upstream timeout, so the 2025 "resource not found" code is not reused).
 */
abstract class ResourceRequest implements McpMethod {

    private final ResourceOwners owners;
    private final UpstreamRelay relay;

    ResourceRequest(ResourceOwners owners, UpstreamRelay relay) {
        this.owners = owners;
        this.relay = relay;
    }

    @Override
    public void handle(Caller caller, ObjectNode request, Reply reply) {
        JsonNode id = request.get("id");
        JsonNode uri = request.path("params").get("uri");
        if (uri == null || !uri.isTextual() || uri.asText().isEmpty()) {
            reply.finish(JsonRpc.error(id, JsonRpc.INVALID_PARAMS, method() + " needs params.uri (string)"));
            return;
        }
        owners.ofUri(caller, uri.asText()).onSuccess(owner -> {
            if (owner.isEmpty()) {
                reply.finish(JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "Unknown resource: " + uri.asText()));
            } else if (!caller.principal().mayRead(owner.get().slug(), uri.asText())) {
                reply.finish(JsonRpc.error(id, ToolAccess.NOT_ALLOWED_CODE, ToolAccess.RESOURCE_NOT_ALLOWED_MESSAGE));
            } else {
                forwarded(caller, owner.get(), relay.forward(caller, reply, owner.get(), method(), id,
                        request.get("params").deepCopy()));
            }
        });
    }

    /** Runs once the allowed request is on its way upstream (a subscription listens to its session). */
    void forwarded(Caller caller, UpstreamServer owner, Future<ObjectNode> answered) {
    }
}
