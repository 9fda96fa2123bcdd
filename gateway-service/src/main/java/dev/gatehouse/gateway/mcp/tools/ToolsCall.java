package dev.gatehouse.gateway.mcp.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.gateway.audit.ToolCallRecorder;
import dev.gatehouse.gateway.catalog.CatalogTool;
import dev.gatehouse.gateway.catalog.ToolCatalog;
import dev.gatehouse.gateway.mcp.Caller;
import dev.gatehouse.gateway.mcp.GatewayErrors;
import dev.gatehouse.gateway.mcp.JsonRpc;
import dev.gatehouse.gateway.mcp.McpMethod;
import dev.gatehouse.gateway.mcp.Reply;
import dev.gatehouse.gateway.mcp.relay.UpstreamRelay;
import dev.gatehouse.gateway.mcp.tools.CallOutcomes.Status;
import dev.gatehouse.gateway.routing.UpstreamServer;
import dev.gatehouse.gateway.upstream.UpstreamGuard;
import dev.gatehouse.shared.access.AllowlistRule;
import dev.gatehouse.shared.access.ToolAccess;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * {@code tools/call} through the gateway: find the server by the tool's exposed name, check the
 * caller's allowlist, forward under the upstream's credential with the server's timeout, relay
 * progress and the result as they arrive, and account for the outcome. A call that reached the
 * upstream is never sent twice.
 */
@ApplicationScoped
public class ToolsCall implements McpMethod {

    private final ToolCatalog catalog;
    private final UpstreamRelay relay;
    private final UpstreamGuard guard;
    private final ToolCallRecorder recorder;
    private final CallOutcomes outcomes;

    ToolsCall(ToolCatalog catalog, UpstreamRelay relay, UpstreamGuard guard, ToolCallRecorder recorder,
              CallOutcomes outcomes) {
        this.catalog = catalog;
        this.relay = relay;
        this.guard = guard;
        this.recorder = recorder;
        this.outcomes = outcomes;
    }

    @Override
    public String method() {
        return "tools/call";
    }

    @Override
    public void handle(Caller caller, ObjectNode request, Reply reply) {
        long started = System.nanoTime();
        JsonNode id = request.get("id");
        JsonNode params = request.path("params");
        JsonNode nameNode = params.get("name");
        if (nameNode == null || !nameNode.isTextual() || (params.has("arguments") && !params.get("arguments").isObject())) {
            reply.finish(JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "tools/call needs params.name (string) and optional params.arguments (object)"));
            return;
        }
        String name = nameNode.asText();
        if (!AllowlistRule.isToolName(name)) {
            // never routed, echoed or recorded as sent: the event gets a short placeholder instead
            finish(caller, reply, JsonRpc.error(id, JsonRpc.INVALID_PARAMS,
                            "Invalid params: params.name must be 1-128 characters of A-Z a-z 0-9 _ - ."),
                    null, invalidNamePlaceholder(name), false, Status.FAILED, started);
            return;
        }
        if (recorder.strict() && !recorder.isAccepting()) {
            reply.finish(JsonRpc.error(id, GatewayErrors.AUDIT_UNAVAILABLE, "Audit unavailable: calls are refused until events can be recorded"));
            return;
        }
        catalog.catalog(caller.routing())
                .map(known -> known.find(name).map(tool -> new Target(tool, true))
                        .or(() -> byPrefix(caller, name)))
                .otherwise(failure -> byPrefix(caller, name))
                .onSuccess(target -> {
                    if (target.isEmpty()) {
                        finish(caller, reply, JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "Unknown tool: " + name),
                                null, name, false, Status.FAILED, started);
                    } else {
                        forward(caller, request, reply, target.get(), started);
                    }
                });
    }

    /**
     * What a {@code tool.called} event records for a name that is not a tool name: its length and a
     * hash prefix (to recognise a repeated attempt), never any of its characters.
     */
    static String invalidNamePlaceholder(String name) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return "<invalid name: " + name.length() + " chars, sha256 " + HexFormat.of().formatHex(hash, 0, 8) + ">";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private Optional<Target> byPrefix(Caller caller, String name) {
        // a tool the cached catalog does not list yet (the upstream just added it) still routes by prefix
        return caller.routing().serverFor(name).map(server -> new Target(new CatalogTool(name, server,
                name.substring(server.prefixOrEmpty().length()), null), false));
    }

    private void forward(Caller caller, ObjectNode request, Reply reply, Target target, long started) {
        JsonNode id = request.get("id");
        CatalogTool tool = target.tool();
        boolean listed = target.listed();
        UpstreamServer server = tool.server();
        if (!caller.principal().mayCall(server.slug(), tool.upstreamName())) {
            finish(caller, reply, JsonRpc.error(id, ToolAccess.NOT_ALLOWED_CODE, ToolAccess.NOT_ALLOWED_MESSAGE),
                    server.slug(), tool.upstreamName(), listed, Status.BLOCKED, started);
            return;
        }
        String guardKey = caller.workspace() + "/" + server.slug();
        UpstreamGuard.Permit permit = guard.tryAcquire(guardKey);
        if (permit == null) {
            finish(caller, reply, JsonRpc.error(id, GatewayErrors.UPSTREAM_UNAVAILABLE,
                            "Upstream unavailable: " + server.slug() + " is overloaded or failing; try again later"),
                    server.slug(), tool.upstreamName(), listed, Status.FAILED, started);
            return;
        }
        ObjectNode params = request.get("params").deepCopy();
        params.put("name", tool.upstreamName());
        relay.send(caller, reply, server, "tools/call", id, params).onComplete(answered -> {
            if (answered.succeeded()) {
                permit.succeeded();
                ObjectNode response = answered.result();
                JsonNode error = response.get("error");
                Status status = error != null ? Status.FAILED
                        : response.path("result").path("isError").asBoolean(false) ? Status.TOOL_ERROR : Status.OK;
                finish(caller, reply, response, server.slug(), tool.upstreamName(), listed, status, started);
                return;
            }
            permit.failed();
            Log.warnf("tools/call %s on %s/%s failed: %s", tool.upstreamName(), caller.workspace(), server.slug(),
                    answered.cause().getMessage());
            finish(caller, reply, UpstreamRelay.failure(caller, id, server, answered.cause(), "could not complete the call"),
                    server.slug(), tool.upstreamName(), listed,
                    UpstreamRelay.timedOut(answered.cause()) ? Status.TIMEOUT : Status.FAILED, started);
        });
    }

    private void finish(Caller caller, Reply reply, ObjectNode response, String server, String tool, boolean listed,
                        Status status, long started) {
        reply.finish(response);
        Integer code = response.has("error") ? response.path("error").path("code").asInt() : null;
        outcomes.record(caller, server, tool, listed, status, code, (System.nanoTime() - started) / 1_000_000);
    }

    /** Where a call goes, and whether the catalog lists that tool (or it was routed by prefix alone). */
    private record Target(CatalogTool tool, boolean listed) {
    }
}
