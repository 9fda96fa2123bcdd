package dev.gatehouse.gateway.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.gateway.config.GatewayConfig;
import dev.gatehouse.gateway.mcp.ClientNotification;
import dev.gatehouse.gateway.routing.Routing;
import dev.gatehouse.gateway.routing.ToolSetChanged;
import dev.gatehouse.gateway.routing.UpstreamServer;
import dev.gatehouse.gateway.upstream.UpstreamException;
import dev.gatehouse.gateway.upstream.UpstreamLimits;
import dev.gatehouse.gateway.upstream.UpstreamSession;
import dev.gatehouse.gateway.upstream.UpstreamSessions;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;

import java.util.Optional;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The aggregated {@code tools/list} of each workspace: every enabled server's pages drained, names
 * prefixed, cached until the routing version changes, an upstream reports
 * {@code notifications/tools/list_changed}, or the entry expires. Each upstream gets its own
 * timeout, so a slow or dead one is left out (logged and counted) instead of stalling the list.
 *
 * <p>Bounded per upstream ({@link UpstreamLimits}): pages followed, tools kept, bytes per
 * definition and in total. An upstream over a budget is left out like an unreachable one.
 *
 * <p>Names follow the routing rule (longest prefix wins, the one empty prefix matches last), so a
 * tool is only offered by the server a call of that name would be routed to: a server without a
 * prefix cannot shadow another server's tools. A tool left out for that reason is logged and
 * counted ({@code gatehouse.gateway.catalog.tools.shadowed}).
 */
@ApplicationScoped
public class ToolCatalog {

    private static final Set<String> RELAYED_LIST_CHANGES =
            Set.of("notifications/prompts/list_changed", "notifications/resources/list_changed");

    private final UpstreamSessions sessions;
    private final Vertx vertx;
    private final GatewayConfig.Catalog config;
    private final UpstreamLimits limits;
    private final MeterRegistry metrics;
    private final Event<ToolSetChanged> changes;
    private final Event<ClientNotification> notifications;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Set<String> listening = ConcurrentHashMap.newKeySet();

    public ToolCatalog(UpstreamSessions sessions, Vertx vertx, GatewayConfig config,
                       UpstreamLimits limits, MeterRegistry metrics, Event<ToolSetChanged> changes,
                       Event<ClientNotification> notifications) {
        this.sessions = sessions;
        this.limits = limits;
        this.vertx = vertx;
        this.config = config.catalog();
        this.metrics = metrics;
        this.changes = changes;
        this.notifications = notifications;
    }

    /** The workspace's catalog for this routing view, from cache when it is still valid. */
    public Future<Catalog> catalog(Routing routing) {
        Entry entry = entries.get(routing.workspace());
        if (entry != null && entry.version.equals(routing.version()) && !entry.expired()) {
            metrics.counter("gatehouse.gateway.catalog.lookups", "result", "hit").increment();
            return entry.catalog;
        }
        metrics.counter("gatehouse.gateway.catalog.lookups", "result", "miss").increment();
        Entry fresh = new Entry(routing.version(), load(routing));
        entries.put(routing.workspace(), fresh);
        fresh.catalog.onComplete(done -> {
            if (done.succeeded() && done.result().missingServers().isEmpty()) {
                fresh.expiresAt = System.currentTimeMillis() + config.ttl().toMillis();
            } else {
                fresh.expiresAt = System.currentTimeMillis() + config.incompleteTtl().toMillis();
            }
        });
        return fresh.catalog;
    }

    void onToolSetChanged(@Observes ToolSetChanged change) {
        entries.remove(change.workspace());
    }

    private Future<Catalog> load(Routing routing) {
        List<Future<List<ObjectNode>>> lists = routing.servers().stream()
                .map(server -> drain(routing.workspace(), server))
                .toList();
        return Future.join(lists).transform(ignored -> {
            List<CatalogTool> tools = new ArrayList<>();
            Set<String> missing = new HashSet<>();
            Map<String, String> owners = new LinkedHashMap<>();
            for (int i = 0; i < lists.size(); i++) {
                UpstreamServer server = routing.servers().get(i);
                Future<List<ObjectNode>> listed = lists.get(i);
                if (listed.failed()) {
                    missing.add(server.slug());
                    metrics.counter("gatehouse.gateway.catalog.upstream.missing", "workspace", routing.workspace(),
                            "server", server.slug()).increment();
                    Log.warnf("tools/list of workspace %s answered without server %s: %s", routing.workspace(),
                            server.slug(), listed.cause().getMessage());
                    continue;
                }
                for (ObjectNode definition : listed.result()) {
                    expose(routing, server, definition, owners).ifPresent(tools::add);
                }
            }
            return Future.succeededFuture(Catalog.of(routing.version(), tools, missing));
        });
    }

    private Optional<CatalogTool> expose(Routing routing, UpstreamServer server, ObjectNode definition,
                                         Map<String, String> owners) {
        String workspace = routing.workspace();
        String upstreamName = definition.path("name").asText("");
        var exposed = ToolNames.expose(server.prefixOrEmpty(), upstreamName, config.maxNameLength());
        if (exposed.isEmpty()) {
            Log.warnf("workspace %s: tool '%s' of server %s is left out: the prefixed name must be "
                    + "[A-Za-z0-9_-] only", workspace, upstreamName, server.slug());
            return Optional.empty();
        }
        String name = exposed.get();
        String routedTo = routing.serverFor(name).map(UpstreamServer::slug).orElse(null);
        if (!server.slug().equals(routedTo)) {
            metrics.counter("gatehouse.gateway.catalog.tools.shadowed", "workspace", workspace).increment();
            Log.warnf("workspace %s: tool '%s' of server %s is left out: calls of %s are routed to server %s by its prefix",
                    workspace, upstreamName, server.slug(), name, routedTo);
            return Optional.empty();
        }
        String owner = owners.putIfAbsent(name, server.slug());
        if (owner != null) {
            Log.warnf("workspace %s: tool '%s' of server %s is left out: the name %s is already served by %s",
                    workspace, upstreamName, server.slug(), name, owner);
            return Optional.empty();
        }
        if (!name.equals(server.prefixOrEmpty() + upstreamName)) {
            Log.infof("workspace %s: tool '%s' of server %s is offered as %s (longer than %d characters)",
                    workspace, upstreamName, server.slug(), name, config.maxNameLength());
        }
        ObjectNode renamed = definition.deepCopy();
        renamed.put("name", name);
        return Optional.of(new CatalogTool(name, server, upstreamName, renamed));
    }

    /** Every page of one upstream's tools, within the per-upstream timeout. */
    private Future<List<ObjectNode>> drain(String workspace, UpstreamServer server) {
        Promise<List<ObjectNode>> drained = Promise.promise();
        ToolBudget tools = new ToolBudget(limits.maxToolsPerServer(), limits.maxToolDefinitionBytes().asLongValue(),
                limits.maxToolListBytes().asLongValue());
        UpstreamSessions.Call[] current = new UpstreamSessions.Call[1];
        long timer = vertx.setTimer(config.upstreamTimeout().toMillis(), fired -> {
            UpstreamException timeout = new UpstreamException(UpstreamException.Kind.TIMEOUT,
                    "no complete tool list within " + config.upstreamTimeout().toMillis() + " ms");
            if (drained.tryFail(timeout) && current[0] != null) {
                current[0].abort(timeout);
            }
        });
        page(workspace, server, null, tools, drained, current, 0);
        return drained.future().andThen(done -> vertx.cancelTimer(timer));
    }

    private void page(String workspace, UpstreamServer server, String cursor, ToolBudget tools,
                      Promise<List<ObjectNode>> drained, UpstreamSessions.Call[] current, int pages) {
        ObjectNode params = JsonNodeFactory.instance.objectNode();
        if (cursor != null) {
            params.put("cursor", cursor);
        }
        UpstreamSessions.Call call = sessions.request(owner(workspace), server, "tools/list", params, ignored -> { });
        current[0] = call;
        call.response().onComplete(answered -> {
            if (answered.failed()) {
                drained.tryFail(answered.cause());
                return;
            }
            JsonNode result = answered.result().get("result");
            if (result == null || !result.path("tools").isArray()) {
                drained.tryFail(new IllegalStateException("tools/list failed: "
                        + answered.result().path("error").path("message").asText("no tools in the result")));
                return;
            }
            for (JsonNode tool : result.get("tools")) {
                if (tool instanceof ObjectNode object) {
                    Optional<String> overBudget = tools.add(object);
                    if (overBudget.isPresent()) {
                        metrics.counter("gatehouse.gateway.catalog.upstream.over-budget", "workspace", workspace).increment();
                        drained.tryFail(new UpstreamException(UpstreamException.Kind.BAD_ANSWER, overBudget.get()));
                        return;
                    }
                }
            }
            listenForChanges(workspace, call.session());
            String next = result.path("nextCursor").asText(null);
            if (next != null && !next.isEmpty()) {
                if (pages + 1 >= limits.maxToolPages()) {
                    drained.tryFail(new UpstreamException(UpstreamException.Kind.BAD_ANSWER,
                            "tools/list did not end within " + limits.maxToolPages() + " pages"));
                    return;
                }
                page(workspace, server, next, tools, drained, current, pages + 1);
            } else {
                if (tools.skipped() > 0) {
                    Log.warnf("workspace %s: %d tool(s) of server %s are left out: a definition is larger than %d bytes",
                            workspace, tools.skipped(), server.slug(), limits.maxToolDefinitionBytes().asLongValue());
                }
                drained.tryComplete(tools.tools());
            }
        });
    }

    /**
     * Keeps one GET stream per catalog session open, so upstream list changes reach us at once:
     * tools' invalidate the catalog, prompts' and resources' go to the workspace's clients as they are.
     */
    private void listenForChanges(String workspace, UpstreamSession session) {
        if (session == null) {
            return;
        }
        String key = workspace + "\n" + session.server().slug() + "\n" + session.sessionId();
        if (!listening.add(key)) {
            return;
        }
        sessions.listen(session, message -> {
            String method = message.path("method").asText();
            if ("notifications/tools/list_changed".equals(method)) {
                Log.infof("server %s of workspace %s changed its tools", session.server().slug(), workspace);
                changes.fire(new ToolSetChanged(workspace, "server " + session.server().slug() + " changed its tools"));
            } else if (RELAYED_LIST_CHANGES.contains(method)) {
                // prompts and resources are listed live (not cached): the clients just list again
                notifications.fire(ClientNotification.toWorkspace(workspace, message));
            }
        }).onComplete(ended -> listening.remove(key));
    }

    private static String owner(String workspace) {
        return "catalog:" + workspace;
    }

    private static final class Entry {
        final String version;
        final Future<Catalog> catalog;
        volatile long expiresAt = Long.MAX_VALUE;

        Entry(String version, Future<Catalog> catalog) {
            this.version = version;
            this.catalog = catalog;
        }

        boolean expired() {
            return System.currentTimeMillis() > expiresAt;
        }
    }
}
