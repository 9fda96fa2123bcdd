package dev.gatehouse.gateway.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.gatehouse.gateway.config.GatewayConfig;
import dev.gatehouse.gateway.mcp.JsonRpc;
import dev.gatehouse.gateway.mcp.ProtocolVersions;
import dev.gatehouse.gateway.routing.UpstreamServer;
import dev.gatehouse.gateway.upstream.UpstreamClient.Exchange;
import dev.gatehouse.gateway.upstream.UpstreamException.Kind;
import dev.gatehouse.gateway.upstream.UpstreamRevisions.Era;
import io.quarkus.logging.Log;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The one door into the upstream layer: any JSON-RPC request or notification to an upstream MCP
 * server, within an upstream session, its answer (and the messages streamed before it), its
 * cancellation, and the upstream's GET stream. The gateway's request ids are assigned here.
 *
 * <p>Upstream MCP sessions are kept one per (owner, server), created lazily on whichever replica
 * needs one (the owner is a client session, or a workspace's tool catalog). When an upstream
 * answers 404 because it forgot the session, the session is re-initialized and the message sent
 * again: the upstream did not process it, so this is not a retry of a call that reached the tool.
 *
 * <p>That is the 2025 path. A server that speaks 2026-07-28 ({@link UpstreamRevisions} finds out once
 * and caches it) has no sessions: each request goes alone, in the shape {@link ModernRequests} gives
 * it, and is cancelled by closing its answer stream.
 */
@ApplicationScoped
public class UpstreamSessions {

    private final UpstreamClient client;
    private final UpstreamRevisions revisions;
    private final Vertx vertx;
    private final long initializeTimeoutMs;
    private final Cache<String, Future<UpstreamSession>> sessions;
    /** Ids of the requests the gateway sends upstream; they never repeat within this process. */
    private final AtomicLong ids = new AtomicLong();
    private static final ObjectNode NO_CAPABILITIES = JsonNodeFactory.instance.objectNode();

    UpstreamSessions(UpstreamClient client, UpstreamRevisions revisions, Vertx vertx, GatewayConfig config,
                     UpstreamLimits limits) {
        this.client = client;
        this.revisions = revisions;
        this.vertx = vertx;
        this.initializeTimeoutMs = limits.initializeTimeout().toMillis();
        this.sessions = Caffeine.newBuilder()
                .expireAfterAccess(config.upstream().sessionIdle())
                // one entry per (client session, server): bounded, the least recently used are ended
                .maximumSize(limits.maxSessions())
                .<String, Future<UpstreamSession>>removalListener((key, session, cause) -> {
                    if (session != null && cause != RemovalCause.REPLACED && session.succeeded()) {
                        client.delete(session.result());
                    }
                })
                .build();
    }

    /**
     * Sends a request within the owner's session with {@code server}, initializing it first if needed.
     *
     * @param params    the request's params; may be null
     * @param onMessage every other message the upstream streams before its response (progress,
     *                  logging, its own requests), in order
     */
    public Call request(String owner, UpstreamServer server, String method, JsonNode params,
                        Consumer<ObjectNode> onMessage) {
        return request(owner, NO_CAPABILITIES, server, method, params, onMessage);
    }

    /**
     * As {@link #request(String, UpstreamServer, String, JsonNode, Consumer)}, for an owner whose
     * upstream sessions declare these client capabilities at initialize (a client session
     * declares what its client offers: the gateway relays those server-to-client requests).
     */
    public Call request(String owner, ObjectNode clientCapabilities, UpstreamServer server, String method,
                        JsonNode params, Consumer<ObjectNode> onMessage) {
        long id = ids.incrementAndGet();
        Call call = new Call(id);
        attempt(call, owner, clientCapabilities, server, JsonRpc.request(id, method, params), onMessage, true);
        return call;
    }

    /**
     * Sends the client's response to a server-to-client request straight to the upstream session
     * it belongs to (named by the relayed request's id, so any replica can); completes once the
     * upstream took it.
     */
    public Future<Void> respond(UpstreamSession session, ObjectNode response) {
        if (isModern(session)) {
            return Future.failedFuture(new UpstreamException(Kind.BAD_ANSWER,
                    "a 2026-07-28 upstream sends no requests to answer"));
        }
        return client.post(session.server(), session.sessionId(), session.protocolVersion(), response, ignored -> { })
                .response().mapEmpty();
    }

    /** Sends a notification within the owner's session with {@code server}; completes once the upstream took it. */
    public Future<Void> notify(String owner, UpstreamServer server, String method, JsonNode params) {
        Call call = new Call(0);
        attempt(call, owner, NO_CAPABILITIES, server, JsonRpc.notification(method, params), ignored -> { }, true);
        return call.response().mapEmpty();
    }

    /**
     * Opens the upstream's GET stream of this session (server-to-client messages such as
     * {@code notifications/tools/list_changed}); completes when the stream ends, fails when it
     * cannot be opened (a 405 means the server offers none).
     */
    public Future<Void> listen(UpstreamSession session, Consumer<ObjectNode> onMessage) {
        if (isModern(session)) {
            // 2026-07-28 has no GET stream (its subscriptions/listen is not used yet)
            return Future.failedFuture(new UpstreamException(Kind.BAD_ANSWER, "a 2026-07-28 upstream has no GET stream"));
        }
        return client.listen(session, onMessage);
    }

    /** The owner's session with {@code server} on this replica, when one is open (nothing is initialized). */
    public Optional<UpstreamSession> existing(String owner, UpstreamServer server) {
        Future<UpstreamSession> session = sessions.getIfPresent(key(owner, server));
        return session != null && session.succeeded() ? Optional.of(session.result()) : Optional.empty();
    }

    /** Forgets every session this replica holds (they are rebuilt on demand); a test hook for replica independence. */
    public void forgetAll() {
        sessions.invalidateAll();
    }

    /** Ends the owner's sessions with every upstream (the client session ended). */
    public void endOwner(String owner) {
        sessions.asMap().keySet().removeIf(key -> {
            if (key.startsWith(owner + "\n")) {
                Future<UpstreamSession> session = sessions.asMap().get(key);
                if (session != null && session.succeeded()) {
                    client.delete(session.result());
                }
                return true;
            }
            return false;
        });
    }

    /** Sends the message in the era the server speaks (found once, then cached: {@link UpstreamRevisions}). */
    private void attempt(Call call, String owner, ObjectNode capabilities, UpstreamServer server, ObjectNode message,
                         Consumer<ObjectNode> onMessage, boolean mayReinitialize) {
        revisions.of(server).onComplete(found -> {
            if (found.failed()) {
                call.outcome.tryFail(found.cause());
            } else if (found.result() == Era.MODERN) {
                modern(call, server, message, onMessage);
            } else {
                legacy(call, owner, capabilities, server, message, onMessage, mayReinitialize);
            }
        });
    }

    /** 2026-07-28: no session; the message as that revision requires it, alone on its own POST. */
    private void modern(Call call, UpstreamServer server, ObjectNode message, Consumer<ObjectNode> onMessage) {
        call.session = new UpstreamSession(server, null, ProtocolVersions.V2026_07_28);
        if (call.outcome.future().isComplete()) {
            return;
        }
        if (!JsonRpc.isRequest(message)) {
            // this revision defines no client notification over HTTP: closing a stream cancels its request
            call.outcome.tryComplete(null);
            return;
        }
        ObjectNode body = ModernRequests.body(message);
        Exchange exchange = client.post(server, null, ProtocolVersions.V2026_07_28, ModernRequests.headers(body), body,
                onMessage);
        call.exchange = exchange;
        exchange.response().onComplete(answered -> {
            if (answered.failed()) {
                if (answered.cause() instanceof UpstreamException e && e.kind() == Kind.BAD_ANSWER) {
                    revisions.forget(server); // perhaps no longer the server that was discovered
                }
                call.outcome.tryFail(answered.cause());
                return;
            }
            if (answered.result().get("error") instanceof ObjectNode error
                    && error.path("code").asInt() == UpstreamRevisions.UNSUPPORTED_PROTOCOL_VERSION) {
                revisions.forget(server);
            }
            call.outcome.tryComplete(answered.result());
        });
    }

    /** 2025 revisions: within the owner's upstream session, initialized on first use; the path as it always was. */
    private void legacy(Call call, String owner, ObjectNode capabilities, UpstreamServer server, ObjectNode message,
                        Consumer<ObjectNode> onMessage, boolean mayReinitialize) {
        Future<UpstreamSession> opening = session(owner, capabilities, server);
        opening.onComplete(opened -> {
            if (opened.failed()) {
                if (opened.cause() instanceof ModernOnly && mayReinitialize) {
                    // a 2026-07-28-only server refused initialize (it did nothing): send it the modern way
                    attempt(call, owner, capabilities, server, message, onMessage, false);
                    return;
                }
                call.outcome.tryFail(opened.cause());
                return;
            }
            UpstreamSession session = opened.result();
            call.session = session;
            if (call.outcome.future().isComplete()) {
                return;
            }
            Exchange exchange = client.post(server, session.sessionId(), session.protocolVersion(), message, onMessage);
            call.exchange = exchange;
            exchange.response().onComplete(answered -> {
                if (answered.failed() && answered.cause() instanceof UpstreamException e
                        && e.kind() == Kind.SESSION_EXPIRED && mayReinitialize) {
                    Log.debugf("upstream %s forgot its session; initializing a new one", server.slug());
                    sessions.asMap().remove(key(owner, server), opening);
                    attempt(call, owner, capabilities, server, message, onMessage, false);
                } else if (answered.failed()) {
                    call.outcome.tryFail(answered.cause());
                } else {
                    call.outcome.tryComplete(answered.result());
                }
            });
        });
    }

    private Future<UpstreamSession> session(String owner, ObjectNode capabilities, UpstreamServer server) {
        String key = key(owner, server);
        Future<UpstreamSession> session = sessions.get(key, ignored -> initialize(server, capabilities));
        session.onFailure(failure -> sessions.asMap().remove(key, session));
        return session;
    }

    /**
     * {@code initialize} then {@code notifications/initialized}, both within the initialize timeout:
     * an upstream that accepts the connection and never answers fails this session (and every call
     * waiting for it) instead of holding them.
     */
    private Future<UpstreamSession> initialize(UpstreamServer server, ObjectNode capabilities) {
        ObjectNode params = JsonNodeFactory.instance.objectNode().put("protocolVersion", ProtocolVersions.LATEST);
        params.set("capabilities", capabilities.deepCopy());
        params.putObject("clientInfo").put("name", "gatehouse-gateway").put("version", "0.1.0");
        Exchange exchange = client.post(server, null, null, JsonRpc.request(ids.incrementAndGet(), "initialize", params),
                ignored -> { });
        Promise<UpstreamSession> ready = Promise.promise();
        Exchange[] current = {exchange};
        long timer = vertx.setTimer(initializeTimeoutMs, fired -> {
            UpstreamException timeout = new UpstreamException(Kind.TIMEOUT, server.slug()
                    + " did not complete initialize within " + initializeTimeoutMs + " ms");
            if (ready.tryFail(timeout)) {
                current[0].abort(timeout);
            }
        });
        ready.future().onComplete(done -> vertx.cancelTimer(timer));
        exchange.response().onComplete(answered -> {
            if (answered.failed()) {
                ready.tryFail(answered.cause());
                return;
            }
            JsonNode result = answered.result().get("result");
            if (result == null && UpstreamRevisions.offersModern(answered.result().get("error"))) {
                revisions.learned(server, Era.MODERN);
                ready.tryFail(new ModernOnly(server.slug() + " speaks only MCP 2026-07-28"));
                return;
            }
            if (result == null) {
                ready.tryFail(new UpstreamException(Kind.BAD_ANSWER, server.slug() + " refused initialize (error "
                        + answered.result().path("error").path("code").asInt() + ")"));
                return;
            }
            UpstreamSession session = new UpstreamSession(server, exchange.upstreamSessionId(),
                    result.path("protocolVersion").asText(ProtocolVersions.V2025_03_26));
            Exchange initialized = client.post(server, session.sessionId(), session.protocolVersion(),
                    JsonRpc.notification("notifications/initialized", null), ignored -> { });
            current[0] = initialized;
            initialized.response().onComplete(accepted -> {
                if (accepted.failed()) {
                    ready.tryFail(accepted.cause());
                } else {
                    ready.tryComplete(session);
                }
            });
        });
        return ready.future();
    }

    private static boolean isModern(UpstreamSession session) {
        return ProtocolVersions.isStateless(session.protocolVersion());
    }

    /** {@code initialize} was refused by a server that names 2026-07-28 among its revisions. */
    private static final class ModernOnly extends UpstreamException {
        ModernOnly(String message) {
            super(Kind.BAD_ANSWER, message);
        }
    }

    private static String key(String owner, UpstreamServer server) {
        return owner + "\n" + server.slug() + "\n" + server.url();
    }

    /** One message on its way upstream, across a possible session re-initialization. */
    public final class Call {

        private final long id;
        private final Promise<ObjectNode> outcome = Promise.promise();
        private volatile Exchange exchange;
        private volatile UpstreamSession session;

        private Call(long id) {
            this.id = id;
        }

        /** The upstream's response, or an {@link UpstreamException}. */
        public Future<ObjectNode> response() {
            return outcome.future();
        }

        /** The session the message went out on (null until one was ready). */
        public UpstreamSession session() {
            return session;
        }

        /**
         * Tells the upstream to stop working on the request ({@code notifications/cancelled} with
         * the gateway's id for it); nothing when it never went out. The call itself goes on until
         * it is answered or {@link #abort}ed.
         */
        public void cancel(String reason) {
            UpstreamSession current = session;
            if (current == null) {
                return;
            }
            if (isModern(current)) {
                // 2026-07-28 over HTTP: closing the request's answer stream is its cancellation
                Exchange open = exchange;
                if (open != null) {
                    open.abort(new UpstreamException(Kind.UNREACHABLE, "cancelled: " + reason));
                }
                return;
            }
            ObjectNode params = JsonNodeFactory.instance.objectNode().put("requestId", id).put("reason", reason);
            client.post(current.server(), current.sessionId(), current.protocolVersion(),
                    JsonRpc.notification("notifications/cancelled", params), ignored -> { });
        }

        /** Abandons the call (timeout, client gone). */
        public void abort(UpstreamException reason) {
            outcome.tryFail(reason);
            Exchange current = exchange;
            if (current != null) {
                current.abort(reason);
            }
        }
    }
}
