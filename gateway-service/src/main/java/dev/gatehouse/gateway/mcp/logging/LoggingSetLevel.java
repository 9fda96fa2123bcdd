package dev.gatehouse.gateway.mcp.logging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.gateway.mcp.Caller;
import dev.gatehouse.gateway.mcp.JsonRpc;
import dev.gatehouse.gateway.mcp.McpMethod;
import dev.gatehouse.gateway.mcp.Reply;
import dev.gatehouse.gateway.mcp.features.SubscriberStreams;
import dev.gatehouse.gateway.routing.UpstreamServer;
import dev.gatehouse.gateway.upstream.UpstreamSessions;
import io.quarkus.logging.Log;
import io.vertx.core.Future;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Set;

/**
 * {@code logging/setLevel}: the level goes to every upstream of the session (each in its own
 * upstream session, so it holds for that client only), and the client gets an empty result once
 * all have answered. An upstream without logging (-32601) or that is down does not fail the
 * request: it sends no log messages either way. Log messages ({@code notifications/message})
 * streamed during a request are relayed by {@code RelatedMessages}, marked with their server; those
 * an upstream sends outside a request come on its session's GET stream, which a server that took
 * the level gets opened by {@link SubscriberStreams}.
 */
@ApplicationScoped
public class LoggingSetLevel implements McpMethod {

    private static final Set<String> LEVELS = Set.of("debug", "info", "notice", "warning", "error", "critical",
            "alert", "emergency");

    private final UpstreamSessions sessions;
    private final SubscriberStreams streams;

    LoggingSetLevel(UpstreamSessions sessions, SubscriberStreams streams) {
        this.sessions = sessions;
        this.streams = streams;
    }

    @Override
    public String method() {
        return "logging/setLevel";
    }

    @Override
    public void handle(Caller caller, ObjectNode request, Reply reply) {
        JsonNode id = request.get("id");
        JsonNode level = request.path("params").get("level");
        if (level == null || !level.isTextual() || !LEVELS.contains(level.asText())) {
            reply.finish(JsonRpc.error(id, JsonRpc.INVALID_PARAMS,
                    "logging/setLevel needs params.level, one of " + String.join(", ", LEVELS.stream().sorted().toList())));
            return;
        }
        ObjectNode params = JsonNodeFactory.instance.objectNode().put("level", level.asText());
        List<Future<ObjectNode>> answers = caller.routing().servers().stream()
                .map(server -> forward(caller, server, params))
                .toList();
        Future.join(answers).onComplete(all -> reply.finish(JsonRpc.result(id, JsonNodeFactory.instance.objectNode())));
    }

    private Future<ObjectNode> forward(Caller caller, UpstreamServer server, ObjectNode params) {
        return sessions.request(caller.session().id(), caller.clientCapabilities(), server, "logging/setLevel", params,
                        ignored -> { })
                .response()
                .onSuccess(answered -> streams.listen(caller, server))
                .onFailure(failure -> Log.debugf("logging/setLevel not taken by %s/%s: %s", caller.workspace(),
                        server.slug(), failure.getMessage()));
    }

    @Override
    public void declare(ObjectNode capabilities) {
        capabilities.putObject("logging");
    }
}
