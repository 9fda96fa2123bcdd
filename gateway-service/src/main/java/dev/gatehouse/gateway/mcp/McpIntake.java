package dev.gatehouse.gateway.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.gateway.auth.Principal;
import dev.gatehouse.gateway.config.GatewayConfig;
import dev.gatehouse.gateway.session.McpSession;
import dev.gatehouse.gateway.session.SessionService;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/**
 * Message intake: what arrives once the HTTP transport admitted and parsed a POST. Checks the
 * JSON-RPC envelope of every message, applies the batch rules (2025-03-26 only, at most
 * {@code max-batch-size}, every member charged), opens sessions on {@code initialize}, and hands
 * each valid message to the {@link McpDispatcher}.
 */
@ApplicationScoped
public class McpIntake {

    private final McpDispatcher dispatcher;
    private final SessionService sessions;
    private final int maxBatchSize;

    McpIntake(McpDispatcher dispatcher, SessionService sessions, GatewayConfig config) {
        this.dispatcher = dispatcher;
        this.sessions = sessions;
        this.maxBatchSize = config.maxBatchSize();
    }

    /** Whether {@code body} is an initialize request: it opens a session, so it is taken without one. */
    public static boolean opensSession(JsonNode body) {
        return body.isObject() && "initialize".equals(body.path("method").asText()) && body.has("id");
    }

    /** {@code initialize}: negotiates the revision, opens the session, answers what the gateway offers. */
    public void initialize(Principal principal, ObjectNode request, Transport transport) {
        String problem = JsonRpc.problem(request);
        JsonNode requested = request.path("params").get("protocolVersion");
        if (problem != null) {
            transport.refuse(JsonRpc.error(validId(request), JsonRpc.INVALID_REQUEST, "Invalid request: " + problem));
            return;
        }
        if (requested == null || !requested.isTextual()) {
            transport.refuse(JsonRpc.error(validId(request), JsonRpc.INVALID_PARAMS,
                    "initialize needs params.protocolVersion (string)"));
            return;
        }
        McpSession session = sessions.open(principal, ProtocolVersions.negotiate(requested.asText()),
                ClientCapabilities.relayed(request.path("params").path("capabilities")).toString());
        transport.sessionOpened(sessions.idOf(session));
        ObjectNode result = JsonNodeFactory.instance.objectNode().put("protocolVersion", session.protocolVersion());
        result.set("capabilities", dispatcher.capabilities());
        result.set("serverInfo", GatewayInfo.serverInfo());
        transport.single().finish(JsonRpc.result(request.get("id"), result));
    }

    /** One message or a batch within the caller's session. */
    public void receive(Caller caller, JsonNode body, Transport transport) {
        if (body.isArray()) {
            batch(caller, body, transport);
            return;
        }
        String problem = JsonRpc.problem(body);
        if (problem != null) {
            transport.refuse(JsonRpc.error(validId(body), JsonRpc.INVALID_REQUEST, "Invalid request: " + problem));
            return;
        }
        ObjectNode message = (ObjectNode) body;
        if (JsonRpc.isRequest(message)) {
            dispatcher.request(caller, message, transport.single());
            return;
        }
        deliver(caller, message);
        transport.accepted();
    }

    private void batch(Caller caller, JsonNode body, Transport transport) {
        String version = caller.session().protocolVersion();
        if (!ProtocolVersions.allowsBatches(version)) {
            transport.refuse(JsonRpc.error(null, JsonRpc.INVALID_REQUEST,
                    "Invalid request: batches are not part of MCP " + version));
            return;
        }
        if (body.isEmpty()) {
            transport.refuse(JsonRpc.error(null, JsonRpc.INVALID_REQUEST, "Invalid request: empty batch"));
            return;
        }
        if (body.size() > maxBatchSize) {
            transport.refuse(JsonRpc.error(null, JsonRpc.INVALID_REQUEST, "Invalid request: a batch holds at most "
                    + maxBatchSize + " messages; this one has " + body.size()));
            return;
        }
        if (!transport.chargeBatch(body.size())) {
            return;
        }
        List<ObjectNode> refused = new ArrayList<>();
        List<ObjectNode> requests = new ArrayList<>();
        for (JsonNode member : body) {
            String problem = JsonRpc.problem(member);
            if (problem != null || "initialize".equals(member.path("method").asText())) {
                refused.add(JsonRpc.error(validId(member), JsonRpc.INVALID_REQUEST, "Invalid request: "
                        + (problem != null ? problem : "initialize cannot be part of a batch")));
            } else if (JsonRpc.isRequest(member)) {
                requests.add((ObjectNode) member);
            } else {
                deliver(caller, (ObjectNode) member);
            }
        }
        if (refused.isEmpty() && requests.isEmpty()) {
            transport.accepted();
            return;
        }
        List<Reply> replies = transport.batch(refused.size() + requests.size());
        for (int i = 0; i < refused.size(); i++) {
            replies.get(i).finish(refused.get(i));
        }
        for (int i = 0; i < requests.size(); i++) {
            dispatcher.request(caller, requests.get(i), replies.get(refused.size() + i));
        }
    }

    /** A valid message that is not a request: a notification, or a response to a server-to-client request. */
    private void deliver(Caller caller, ObjectNode message) {
        if (JsonRpc.isNotification(message)) {
            dispatcher.notification(caller, message);
        } else {
            dispatcher.response(caller, message);
        }
    }

    private static JsonNode validId(JsonNode message) {
        JsonNode id = message.get("id");
        return id != null && (id.isTextual() || id.isIntegralNumber()) ? id : null;
    }
}
