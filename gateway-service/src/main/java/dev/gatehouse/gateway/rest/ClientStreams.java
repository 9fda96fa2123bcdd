package dev.gatehouse.gateway.rest;

import dev.gatehouse.gateway.config.GatewayConfig;
import dev.gatehouse.gateway.mcp.JsonRpc;
import dev.gatehouse.gateway.mcp.ProtocolVersions;
import dev.gatehouse.gateway.routing.RoutingService;
import dev.gatehouse.gateway.routing.ToolSetChanged;
import dev.gatehouse.gateway.session.McpSession;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Clients' GET streams (server-to-client messages): they receive
 * {@code notifications/tools/list_changed} when their workspace's tool set changes. While a
 * workspace has open streams its routing is revalidated periodically, so a server added in the
 * registry reaches connected clients without any request from them.
 */
@ApplicationScoped
public class ClientStreams {

    private static final String LIST_CHANGED = JsonRpc.notification("notifications/tools/list_changed", null).toString();

    private final Vertx vertx;
    private final RoutingService routing;
    private final GatewayConfig config;
    private final Map<String, Set<HttpServerResponse>> byWorkspace = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final long revalidation;

    public ClientStreams(Vertx vertx, RoutingService routing, GatewayConfig config, MeterRegistry metrics) {
        this.vertx = vertx;
        this.routing = routing;
        this.config = config;
        metrics.gauge("gatehouse.gateway.client.streams", open);
        this.revalidation = vertx.setPeriodic(config.routingRevalidateAfter().toMillis(),
                tick -> byWorkspace.forEach((workspace, streams) -> {
                    if (!streams.isEmpty()) {
                        routing.revalidate(workspace);
                    }
                }));
    }

    @PreDestroy
    void stop() {
        vertx.cancelTimer(revalidation);
        byWorkspace.values().forEach(streams -> streams.forEach(HttpServerResponse::end));
    }

    /** Turns the response into this session's notification stream, until the client leaves or the maximum duration. */
    public void open(McpSession session, HttpServerResponse response) {
        SseWriter.start(response);
        if (ProtocolVersions.primesStreams(session.protocolVersion())) {
            response.write("id: 0\ndata: \n\n");
        } else {
            response.write(": stream open\n\n");
        }
        Set<HttpServerResponse> streams = byWorkspace.computeIfAbsent(session.workspace(), ws -> ConcurrentHashMap.newKeySet());
        streams.add(response);
        open.incrementAndGet();
        long keepAlive = vertx.setPeriodic(config.sseKeepAlive().toMillis(), tick -> response.write(": keep-alive\n\n"));
        long maxDuration = vertx.setTimer(config.sseMaxDuration().toMillis(), fired -> {
            if (ProtocolVersions.primesStreams(session.protocolVersion())) {
                response.write("retry: 1000\n\n");
            }
            response.end();
        });
        AtomicBoolean gone = new AtomicBoolean();
        Runnable cleanUp = () -> {
            if (gone.compareAndSet(false, true)) {
                vertx.cancelTimer(keepAlive);
                vertx.cancelTimer(maxDuration);
                streams.remove(response);
                open.decrementAndGet();
            }
        };
        response.closeHandler(closed -> cleanUp.run());
        response.endHandler(ended -> cleanUp.run());
    }

    void onToolSetChanged(@Observes ToolSetChanged change) {
        Set<HttpServerResponse> streams = byWorkspace.get(change.workspace());
        if (streams != null && !streams.isEmpty()) {
            Log.debugf("notifying %d client streams of %s: %s", streams.size(), change.workspace(), change.reason());
            streams.forEach(response -> SseWriter.message(response, LIST_CHANGED));
        }
    }
}
