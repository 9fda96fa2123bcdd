package dev.gatehouse.gateway.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.gateway.auth.AccessChanged;
import dev.gatehouse.gateway.catalog.ToolCatalog;
import dev.gatehouse.gateway.config.GatewayConfig;
import dev.gatehouse.gateway.mcp.ClientNotification;
import dev.gatehouse.gateway.mcp.JsonRpc;
import dev.gatehouse.gateway.mcp.ProtocolVersions;
import dev.gatehouse.gateway.mcp.Subscription;
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
 * {@code list_changed} so the client lists its tools again. A 2026-07-28 {@code subscriptions/listen}
 * answer is the same stream ({@link #listen}): same caps and counts, filtered and marked by its
 * {@link Subscription}.
 */
@ApplicationScoped
public class ClientStreams {

    private static final ObjectNode LIST_CHANGED = JsonRpc.notification("notifications/tools/list_changed", null);
    /** What a token whose rules changed may see in every list can have changed. */
    private static final List<ObjectNode> ACCESS_CHANGED = List.of("tools", "prompts", "resources").stream()
            .map(kind -> JsonRpc.notification("notifications/" + kind + "/list_changed", null)).toList();

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
        byWorkspace.values().forEach(streams -> streams.forEach(Stream::finish));
    }

    /**
     * Turns the response into this session's notification stream, until the client leaves, the
     * maximum duration or the token's revocation; or answers 429 when the token or client already
     * holds as many streams as allowed.
     */
    public void open(McpSession session, Routing routing, String clientIp, HttpServerResponse response) {
        start(session, routing, clientIp, response, new SessionFormat(session.protocolVersion()));
    }

    /**
     * A 2026-07-28 {@code subscriptions/listen} answer: the same stream (cap, keep-alive, maximum
     * duration, revocation), carrying only what the subscription opted in to, each message marked
     * with its id, after its acknowledgement; the maximum duration ends it with the listen response.
     */
    public void listen(Subscription subscription, String clientIp, HttpServerResponse response) {
        start(subscription.session(), subscription.routing(), clientIp, response, new ListenFormat(subscription));
    }

    private void start(McpSession session, Routing routing, String clientIp, HttpServerResponse response, Format format) {
        if (response.closed() || response.ended()) {
            return; // the client left while the stream was being prepared
        }
        String client = ClientGroups.of(clientIp);
        if (!perToken.tryAdd(session.tokenId(), config.maxStreamsPerToken())) {
            format.refuse(response, "This token already holds " + config.maxStreamsPerToken() + " notification streams; close one first");
            return;
        }
        if (!perClient.tryAdd(client, config.maxStreamsPerClient())) {
            perToken.remove(session.tokenId());
            format.refuse(response, "This address already holds " + config.maxStreamsPerClient() + " notification streams; close one first");
            return;
        }
        SseWriter.start(response);
        format.opened(response);
        // the catalog's upstream sessions carry list changes (tools, prompts, resources) to this stream: have them open
        catalog.catalog(routing);
        Stream stream = new Stream(session, response, vertx.getOrCreateContext(), format);
        Set<Stream> streams = byWorkspace.computeIfAbsent(session.workspace(), ws -> ConcurrentHashMap.newKeySet());
        streams.add(stream);
        open.incrementAndGet();
        long keepAlive = vertx.setPeriodic(config.sseKeepAlive().toMillis(), tick -> {
            response.write(": keep-alive\n\n");
            format.keepAlive();
        });
        long maxDuration = vertx.setTimer(config.sseMaxDuration().toMillis(), fired -> stream.finish());
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
        for (Stream stream : streams) {
            if (notification.sessionId() == null || notification.sessionId().equals(stream.session().id())) {
                stream.send(notification.message());
            }
        }
    }

    /** What kind of stream it is: how it opens, what it carries, how it ends gracefully. */
    private interface Format {

        void opened(HttpServerResponse response);

        /** @return the JSON to send for this message (never changing it), null to drop it */
        String deliver(ObjectNode message);

        /** Written before the gateway ends the stream (maximum duration, shutdown). */
        void ending(HttpServerResponse response);

        /** Answers 429: the token or client holds as many streams as allowed. */
        void refuse(HttpServerResponse response, String detail);

        default void keepAlive() {
        }
    }

    /** A 2025 session's GET stream: everything for the session, unchanged; primed for reconnection where the revision has it. */
    private record SessionFormat(String protocolVersion) implements Format {

        @Override
        public void opened(HttpServerResponse response) {
            response.write(ProtocolVersions.primesStreams(protocolVersion) ? "id: 0\ndata: \n\n" : ": stream open\n\n");
        }

        @Override
        public String deliver(ObjectNode message) {
            return message.toString();
        }

        @Override
        public void ending(HttpServerResponse response) {
            if (ProtocolVersions.primesStreams(protocolVersion)) {
                response.write("retry: 1000\n\n");
            }
        }

        @Override
        public void refuse(HttpServerResponse response, String detail) {
            response.putHeader("Retry-After", "60");
            Problems.send(response, 429, "Too Many Requests", detail);
        }
    }

    /** A 2026-07-28 listen stream (no resumption in that revision, so no event ids). */
    private record ListenFormat(Subscription subscription) implements Format {

        @Override
        public void opened(HttpServerResponse response) {
            SseWriter.message(response, subscription.acknowledgement().toString());
        }

        @Override
        public String deliver(ObjectNode message) {
            return subscription.deliver(message).map(ObjectNode::toString).orElse(null);
        }

        @Override
        public void ending(HttpServerResponse response) {
            SseWriter.message(response, subscription.completion().toString());
        }

        /** A JSON-RPC error for the listen request (what a 2026-07-28 client reads), with the same status and Retry-After. */
        @Override
        public void refuse(HttpServerResponse response, String detail) {
            response.putHeader("Retry-After", "60");
            McpRoutes.jsonRpcError(response, 429, subscription.refusal(detail));
        }

        @Override
        public void keepAlive() {
            subscription.keepAlive();
        }
    }

    /** One open stream and the event-loop context it was opened on (revocations arrive on another thread). */
    private record Stream(McpSession session, HttpServerResponse response, Context context, Format format) {

        void listChanged() {
            send(LIST_CHANGED);
        }

        void send(ObjectNode message) {
            context.runOnContext(ignored -> {
                if (!response.ended() && !response.closed()) {
                    String json = format.deliver(message);
                    if (json != null) {
                        SseWriter.message(response, json);
                    }
                }
            });
        }

        /** Ends the stream as the gateway's own decision (maximum duration, shutdown): the client may reconnect. */
        void finish() {
            context.runOnContext(ignored -> {
                if (!response.ended() && !response.closed()) {
                    format.ending(response);
                    response.end();
                }
            });
        }

        /** Ends the stream at once (the token was revoked). */
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
