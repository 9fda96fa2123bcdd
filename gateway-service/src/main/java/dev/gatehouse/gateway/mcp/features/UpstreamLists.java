package dev.gatehouse.gateway.mcp.features;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.gateway.mcp.Caller;
import dev.gatehouse.gateway.routing.UpstreamServer;
import dev.gatehouse.gateway.upstream.UpstreamException;
import dev.gatehouse.gateway.upstream.UpstreamLimits;
import dev.gatehouse.gateway.upstream.UpstreamSessions;
import io.quarkus.logging.Log;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/**
 * One list method ({@code prompts/list}, {@code resources/list}, {@code resources/templates/list})
 * of every server of the caller's workspace, every page drained (at most {@code max-tool-pages}
 * pages per server), within the caller's own upstream sessions. A server that does not offer the
 * method (-32601), fails or is down is left out of the list (logged at debug), like a dead server
 * in {@code tools/list}: the others answer.
 */
@ApplicationScoped
public class UpstreamLists {

    /** One listed item and the server that listed it. */
    public record Listed(UpstreamServer server, ObjectNode item) {
    }

    private final UpstreamSessions sessions;
    private final int maxPages;

    UpstreamLists(UpstreamSessions sessions, UpstreamLimits limits) {
        this.sessions = sessions;
        this.maxPages = limits.maxToolPages();
    }

    /** Every server's items of {@code field} ({@code prompts}, ...), servers in routing order. */
    public Future<List<Listed>> all(Caller caller, String method, String field) {
        List<Future<List<Listed>>> perServer = caller.routing().servers().stream()
                .map(server -> drain(caller, server, method, field))
                .toList();
        return Future.join(perServer).map(done -> {
            List<Listed> all = new ArrayList<>();
            perServer.forEach(server -> all.addAll(server.result()));
            return all;
        });
    }

    private Future<List<Listed>> drain(Caller caller, UpstreamServer server, String method, String field) {
        Promise<List<Listed>> done = Promise.promise();
        page(caller, server, method, field, null, 1, new ArrayList<>(), done);
        return done.future();
    }

    private void page(Caller caller, UpstreamServer server, String method, String field, String cursor, int number,
                      List<Listed> collected, Promise<List<Listed>> done) {
        ObjectNode params = JsonNodeFactory.instance.objectNode();
        if (cursor != null) {
            params.put("cursor", cursor);
        }
        sessions.request(caller.session().id(), caller.clientCapabilities(), server, method, params, ignored -> { })
                .response()
                .onFailure(failure -> {
                    Log.debugf("%s of %s/%s left out: %s", method, caller.workspace(), server.slug(),
                            failure instanceof UpstreamException e ? e.getMessage() : failure.toString());
                    done.complete(collected);
                })
                .onSuccess(response -> {
                    JsonNode result = response.get("result");
                    if (result == null || !result.path(field).isArray()) {
                        // -32601 (no such feature) or a malformed answer: this server lists nothing
                        done.complete(collected);
                        return;
                    }
                    result.get(field).forEach(item -> {
                        if (item instanceof ObjectNode object) {
                            collected.add(new Listed(server, object));
                        }
                    });
                    JsonNode next = result.get("nextCursor");
                    if (next != null && next.isTextual() && !next.asText().isEmpty() && number < maxPages) {
                        page(caller, server, method, field, next.asText(), number + 1, collected, done);
                    } else {
                        done.complete(collected);
                    }
                });
    }
}
