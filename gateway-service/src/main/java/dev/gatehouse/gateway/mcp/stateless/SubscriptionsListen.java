package dev.gatehouse.gateway.mcp.stateless;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.gateway.config.GatewayConfig;
import dev.gatehouse.gateway.mcp.Caller;
import dev.gatehouse.gateway.mcp.JsonRpc;
import dev.gatehouse.gateway.mcp.McpDispatcher;
import dev.gatehouse.gateway.mcp.Reply;
import dev.gatehouse.gateway.mcp.Transport;
import dev.gatehouse.gateway.mcp.features.ResourceOwners;
import dev.gatehouse.gateway.routing.UpstreamServer;
import dev.gatehouse.gateway.upstream.UpstreamSessions;
import dev.gatehouse.shared.access.ToolAccess;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code subscriptions/listen} of 2026-07-28: the POST's answer becomes a long-lived SSE stream
 * (the transport's client streams, as a 2025 GET stream: per-token cap, keep-alive, maximum
 * duration, ended on revocation) that carries the list changes the client opted in to and
 * {@code notifications/resources/updated} for the URIs it names, each marked with the
 * subscription's id, after a {@code notifications/subscriptions/acknowledged}.
 *
 * <p>Every URI is checked first, before anything reaches an upstream: a URI no server of the
 * workspace lists or templates is -32602, one the member may not read -32003 (the rules of
 * {@code resources/read}). Each is then subscribed upstream by the 2025 {@code resources/subscribe}
 * handler, within the token's own upstream session with the URI's owner, whose GET stream the gateway
 * listens to; updates reach only that token's listen streams that name the URI. A URI whose
 * upstream refused or failed the subscription is left out of the acknowledgement, as the
 * revision asks for what a server does not honour.
 */
@ApplicationScoped
public class SubscriptionsListen {

    static final String METHOD = "subscriptions/listen";
    static final String SUBSCRIPTION_ID = "io.modelcontextprotocol/subscriptionId";

    private final McpDispatcher dispatcher;
    private final ResourceOwners owners;
    private final UpstreamSessions sessions;
    private final int maxUris;

    SubscriptionsListen(McpDispatcher dispatcher, ResourceOwners owners, UpstreamSessions sessions, GatewayConfig config) {
        this.dispatcher = dispatcher;
        this.owners = owners;
        this.sessions = sessions;
        this.maxUris = config.maxListenUris();
    }

    void open(Caller caller, ObjectNode request, Transport transport) {
        JsonNode id = request.get("id");
        ListenFilter filter;
        try {
            filter = ListenFilter.parse(request.path("params").get("notifications"), maxUris);
        } catch (ListenFilter.Invalid invalid) {
            transport.refuse(JsonRpc.error(id, JsonRpc.INVALID_PARAMS, invalid.getMessage()));
            return;
        }
        List<Future<Optional<UpstreamServer>>> lookups = filter.uris().stream().map(uri -> owners.ofUri(caller, uri)).toList();
        Future.join(lookups).onComplete(looked -> {
            Map<String, UpstreamServer> owned = new LinkedHashMap<>();
            List<String> uris = List.copyOf(filter.uris());
            for (int i = 0; i < uris.size(); i++) {
                Future<Optional<UpstreamServer>> owner = lookups.get(i);
                if (owner.failed()) {
                    transport.single().finish(JsonRpc.error(id, JsonRpc.INTERNAL_ERROR,
                            "The workspace's resources could not be listed to find the owner of " + uris.get(i)));
                    return;
                }
                if (owner.result().isEmpty()) {
                    transport.single().finish(JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "Unknown resource: " + uris.get(i)));
                    return;
                }
                if (!caller.principal().mayRead(owner.result().get().slug(), uris.get(i))) {
                    transport.single().finish(JsonRpc.error(id, ToolAccess.NOT_ALLOWED_CODE,
                            ToolAccess.RESOURCE_NOT_ALLOWED_MESSAGE, JsonNodeFactory.instance.objectNode().put("uri", uris.get(i))));
                    return;
                }
                owned.put(uris.get(i), owner.result().get());
            }
            subscribed(caller, owned).onComplete(watched ->
                    transport.listen(new ListenSubscription(caller, id, filter, watched.result(), sessions)));
        });
    }

    /** Subscribes each URI upstream as a 2025 client's {@code resources/subscribe}; completes with those that took. */
    private Future<Map<String, UpstreamServer>> subscribed(Caller caller, Map<String, UpstreamServer> owned) {
        List<Future<ObjectNode>> answers = new ArrayList<>();
        for (String uri : owned.keySet()) {
            ObjectNode params = JsonNodeFactory.instance.objectNode().put("uri", uri);
            ObjectNode subscribe = JsonRpc.request(0, "resources/subscribe", params);
            Promise<ObjectNode> answered = Promise.promise();
            dispatcher.request(caller, subscribe, new Answer(answered));
            answers.add(answered.future());
        }
        return Future.join(answers).transform(done -> {
            Map<String, UpstreamServer> watched = new LinkedHashMap<>();
            List<String> uris = List.copyOf(owned.keySet());
            for (int i = 0; i < uris.size(); i++) {
                if (answers.get(i).succeeded() && answers.get(i).result().has("result")) {
                    watched.put(uris.get(i), owned.get(uris.get(i)));
                }
            }
            return Future.succeededFuture(watched);
        });
    }

    /** The answer of an upstream subscription the gateway makes on the client's behalf; nothing else of it matters. */
    private record Answer(Promise<ObjectNode> answered) implements Reply {

        @Override
        public void notify(ObjectNode notification) {
        }

        @Override
        public void finish(ObjectNode response) {
            answered.tryComplete(response);
        }

        @Override
        public void onClientGone(Runnable action) {
        }
    }
}
