package dev.gatehouse.gateway.mcp.stateless;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.gateway.mcp.Caller;
import dev.gatehouse.gateway.mcp.GatewayErrors;
import dev.gatehouse.gateway.mcp.JsonRpc;
import dev.gatehouse.gateway.mcp.Subscription;
import dev.gatehouse.gateway.routing.Routing;
import dev.gatehouse.gateway.routing.UpstreamServer;
import dev.gatehouse.gateway.session.McpSession;
import dev.gatehouse.gateway.upstream.UpstreamSessions;

import java.util.Map;
import java.util.Optional;

/**
 * One open {@code subscriptions/listen} stream: what it carries ({@link ListenFilter}), marked with
 * its subscription id (the listen request's JSON-RPC id), and the upstream sessions holding its
 * resource subscriptions, kept from idling out while the stream is open.
 *
 * @param watched the URIs subscribed upstream, and their owners
 */
record ListenSubscription(Caller caller, JsonNode id, ListenFilter filter, Map<String, UpstreamServer> watched,
                          UpstreamSessions sessions) implements Subscription {

    static final String ACKNOWLEDGED = "notifications/subscriptions/acknowledged";

    @Override
    public McpSession session() {
        return caller.session();
    }

    @Override
    public Routing routing() {
        return caller.routing();
    }

    @Override
    public ObjectNode acknowledgement() {
        ObjectNode acknowledgement = marked(JsonRpc.notification(ACKNOWLEDGED, null));
        ((ObjectNode) acknowledgement.get("params")).set("notifications", filter.acknowledged(watched.keySet()));
        return acknowledgement;
    }

    @Override
    public Optional<ObjectNode> deliver(ObjectNode notification) {
        boolean unwatched = ListenFilter.UPDATED.equals(notification.path("method").asText())
                && !watched.containsKey(notification.path("params").path("uri").asText());
        return filter.wants(notification) && !unwatched ? Optional.of(marked(notification.deepCopy())) : Optional.empty();
    }

    @Override
    public ObjectNode refusal(String detail) {
        return JsonRpc.error(id, GatewayErrors.RATE_LIMITED, detail);
    }

    @Override
    public ObjectNode completion() {
        ObjectNode result = JsonNodeFactory.instance.objectNode().put("resultType", "complete");
        result.putObject("_meta").set(SubscriptionsListen.SUBSCRIPTION_ID, id);
        return JsonRpc.result(id, result);
    }

    @Override
    public void keepAlive() {
        // reading a session counts as its use: it stays while the stream does
        watched.values().stream().distinct().forEach(server -> sessions.existing(caller.session().id(), server));
    }

    private ObjectNode marked(ObjectNode message) {
        ObjectNode params = message.get("params") instanceof ObjectNode existing ? existing : message.putObject("params");
        ObjectNode meta = params.get("_meta") instanceof ObjectNode existing ? existing : params.putObject("_meta");
        meta.set(SubscriptionsListen.SUBSCRIPTION_ID, id);
        return message;
    }
}
