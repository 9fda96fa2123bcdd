package dev.gatehouse.gateway.http;

import dev.gatehouse.gateway.auth.AccessChanged;
import dev.gatehouse.gateway.catalog.ToolCatalog;
import dev.gatehouse.gateway.config.GatewayConfig;
import dev.gatehouse.gateway.mcp.ClientNotification;
import dev.gatehouse.gateway.mcp.JsonRpc;
import dev.gatehouse.gateway.mcp.ProtocolVersions;
import dev.gatehouse.gateway.ratelimit.ClientGroups;
import dev.gatehouse.gateway.routing.Routing;
import dev.gatehouse.gateway.routing.RoutingService;
import dev.gatehouse.gateway.routing.ToolSetChanged;
import dev.gatehouse.gateway.session.McpSession;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Clients' GET streams (server-to-client messages): they receive
 * {@code notifications/tools/list_changed} when their workspace's tool set changes, the upstreams'
 * prompts and resources {@code list_changed}, and a subscriber its {@code resources/updated}
 * ({@link ClientNotification}). While a
 * workspace has open streams its routing is revalidated periodically, so a server added in the
 * registry reaches connected clients without any request from them.
 *
 * <p>Open streams are capped per token and per client group (429 above). A stream closes when its
 * token is revoked (revocation event); when only what the token may call changes, it gets
 * {@code list_changed} so the client lists its tools again.
 */
@ApplicationScoped
public class ClientStreams {

    private static final String LIST_CHANGED = JsonRpc.notification("notifications/tools/list_changed", null).toString();
    /** What a token whose rules changed may see in every list can have changed. */
    private static final List<String> ACCESS_CHANGED = List.of("tools", "prompts", "resources").stream()
            .map(kind -> JsonRpc.notification("notifications/" + kind + "/list_changed", null).toString()).toList();

    private final Vertx vertx;
    private final GatewayConfig config;
    private final ToolCatalog catalog;
    private final Map<String, Set<Stream>> byWorkspace = new ConcurrentHashMap<>();
    private final StreamCounts perToken = new StreamCounts();
    private final StreamCounts perClient = new StreamCounts();
    private final AtomicInteger open = new AtomicInteger();
    private final long revalidation;

    public ClientStreams(Vertx vertx, RoutingService routing, GatewayConfig config, MeterRegistry metrics,
                         ToolCatalog catalog) {
        this.vertx = vertx;
        this.config = config;
        this.catalog = catalog;
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
        byWorkspace.values().forEach(streams -> streams.forEach(Stream::close));
    }

    /**
     * Turns the response into this session's notification stream, until the client leaves, the
     * maximum duration or the token's revocation; or answers 429 when the token or client already
     * holds as many streams as allowed.
     */
    public void open(McpSession session, Routing routing, String clientIp, HttpServerResponse response) {
        String client = ClientGroups.of(clientIp);
        if (!perToken.tryAdd(session.tokenId(), config.maxStreamsPerToken())) {
            refuse(response, "This token already holds " + config.maxStreamsPerToken() + " notification streams");
            return;
        }
        if (!perClient.tryAdd(client, config.maxStreamsPerClient())) {
            perToken.remove(session.tokenId());
            refuse(response, "This address already holds " + config.maxStreamsPerClient() + " notification streams");
            return;
        }
        SseWriter.start(response);
        if (ProtocolVersions.primesStreams(session.protocolVersion())) {
            response.write("id: 0\ndata: \n\n");
        } else {
            response.write(": stream open\n\n");
        }
        // the catalog's upstream sessions carry list changes (tools, prompts, resources) to this stream: have them open
        catalog.catalog(routing);
        Stream stream = new Stream(session, response, vertx.getOrCreateContext());
        Set<Stream> streams = byWorkspace.computeIfAbsent(session.workspace(), ws -> ConcurrentHashMap.newKeySet());
        streams.add(stream);
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
                streams.remove(stream);
                perToken.remove(session.tokenId());
                perClient.remove(client);
                open.decrementAndGet();
            }
        };
        response.closeHandler(closed -> cleanUp.run());
        response.endHandler(ended -> cleanUp.run());
    }

    void onToolSetChanged(@Observes ToolSetChanged change) {
        Set<Stream> streams = byWorkspace.get(change.workspace());
        if (streams != null && !streams.isEmpty()) {
            Log.debugf("notifying %d client streams of %s: %s", streams.size(), change.workspace(), change.reason());
            streams.forEach(Stream::listChanged);
        }
    }

    /** A revoked token's streams end; a token whose rules changed is told to list its tools again. */
    void onAccessChanged(@Observes AccessChanged change) {
        Set<Stream> streams = byWorkspace.get(change.workspace());
        if (streams == null) {
            return;
        }
        for (Stream stream : streams) {
            if (change.concerns(stream.session().workspace(), stream.session().tokenId())) {
                if (change.revoked()) {
                    stream.close();
                } else {
                    ACCESS_CHANGED.forEach(stream::send);
                }
            }
        }
    }

    /** An upstream's notification for one session's streams, or for every stream of the workspace. */
    void onClientNotification(@Observes ClientNotification notification) {
        Set<Stream> streams = byWorkspace.get(notification.workspace());
        if (streams == null) {
            return;
        }
        String message = notification.message().toString();
        for (Stream stream : streams) {
            if (notification.sessionId() == null || notification.sessionId().equals(stream.session().id())) {
                stream.send(message);
            }
        }
    }

    private static void refuse(HttpServerResponse response, String detail) {
        response.putHeader("Retry-After", "60");
        Problems.send(response, 429, "Too Many Requests", detail + "; close one first");
    }

    /** One open stream and the event-loop context it was opened on (revocations arrive on another thread). */
    private record Stream(McpSession session, HttpServerResponse response, Context context) {

        void listChanged() {
            send(LIST_CHANGED);
        }

        void send(String message) {
            context.runOnContext(ignored -> {
                if (!response.ended() && !response.closed()) {
                    SseWriter.message(response, message);
                }
            });
        }

        void close() {
            context.runOnContext(ignored -> {
                if (!response.ended() && !response.closed()) {
                    response.end();
                }
            });
        }
    }

    /** Open streams per key, with a cap; a key whose count drops to zero is removed. */
    private static final class StreamCounts {
        private final Map<String, Integer> counts = new ConcurrentHashMap<>();

        boolean tryAdd(String key, int max) {
            boolean[] added = new boolean[1];
            counts.compute(key, (k, count) -> {
                int current = count == null ? 0 : count;
                added[0] = current < max;
                return added[0] ? current + 1 : count;
            });
            return added[0];
        }

        void remove(String key) {
            counts.computeIfPresent(key, (k, count) -> count <= 1 ? null : count - 1);
        }
    }
}
