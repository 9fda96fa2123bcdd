package dev.gatehouse.gateway.mcp.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.gateway.config.GatewayConfig;
import dev.gatehouse.gateway.mcp.Caller;
import dev.gatehouse.gateway.mcp.GatewayErrors;
import dev.gatehouse.gateway.mcp.InFlightRequests;
import dev.gatehouse.gateway.mcp.JsonRpc;
import dev.gatehouse.gateway.mcp.Reply;
import dev.gatehouse.gateway.routing.UpstreamServer;
import dev.gatehouse.gateway.upstream.UpstreamException;
import dev.gatehouse.gateway.upstream.UpstreamException.Kind;
import dev.gatehouse.gateway.upstream.UpstreamSessions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/**
 * Sends one client request to the server that owns it, within the client's upstream session:
 * related messages (progress, log messages, server-to-client requests) relayed as they arrive, the
 * server's {@code timeoutMs}, cancellation upstream when the client cancels or goes away. Every
 * method that reaches an upstream goes through here, so they all keep the same bounds.
 */
@ApplicationScoped
public class UpstreamRelay {

    private final UpstreamSessions sessions;
    private final RelatedMessages related;
    private final InFlightRequests inFlight;
    private final UpstreamRequestStates upstreamStates;
    private final Vertx vertx;
    private final long defaultTimeoutMs;

    UpstreamRelay(UpstreamSessions sessions, RelatedMessages related, InFlightRequests inFlight,
                  UpstreamRequestStates upstreamStates, Vertx vertx, GatewayConfig config) {
        this.sessions = sessions;
        this.related = related;
        this.inFlight = inFlight;
        this.upstreamStates = upstreamStates;
        this.vertx = vertx;
        this.defaultTimeoutMs = config.upstream().defaultCallTimeout().toMillis();
    }

    /**
     * Sends the request; the answer comes with the client's {@code id}, unchanged otherwise. It fails
     * with an {@link UpstreamException}: {@link Kind#TIMEOUT} after the server's timeout,
     * {@link Kind#UNREACHABLE} when the client went away, or what the upstream layer reports.
     */
    public Future<ObjectNode> send(Caller caller, Reply reply, UpstreamServer server, String method, JsonNode id,
                                   ObjectNode params) {
        Optional<ObjectNode> refused = upstreamStates.unwrap(caller, server, id, params);
        if (refused.isPresent()) {
            return Future.succeededFuture(refused.get());
        }
        UpstreamSessions.Call[] sent = new UpstreamSessions.Call[1];
        UpstreamSessions.Call call = sessions.request(caller.session().id(), caller.clientCapabilities(), server, method,
                params, related.to(caller, reply, server.slug(), () -> sent[0].session()));
        sent[0] = call;
        Runnable untrack = inFlight.track(caller, id, call::cancel);
        long timeoutMs = server.timeoutMs() != null && server.timeoutMs() > 0 ? server.timeoutMs() : defaultTimeoutMs;
        long timer = vertx.setTimer(timeoutMs, fired -> {
            call.abort(new UpstreamException(Kind.TIMEOUT, "no answer within " + timeoutMs + " ms"));
            call.cancel("gateway timeout after " + timeoutMs + " ms");
        });
        reply.onClientGone(() -> {
            call.abort(new UpstreamException(Kind.UNREACHABLE, "the client went away"));
            call.cancel("the client disconnected");
        });
        return call.response()
                .onComplete(answered -> {
                    vertx.cancelTimer(timer);
                    untrack.run();
                })
                .map(response -> {
                    response.set("id", id);
                    return caller.stateless() ? upstreamStates.wrap(caller, server, response)
                            : InputRequiredForLegacyClients.answer(caller, server, response);
                });
    }

    /** Sends the request and finishes the reply with the upstream's answer, or the gateway's error for a failure. */
    public Future<ObjectNode> forward(Caller caller, Reply reply, UpstreamServer server, String method, JsonNode id,
                                      ObjectNode params) {
        return send(caller, reply, server, method, id, params).onComplete(answered -> reply.finish(answered.succeeded()
                ? answered.result()
                : failure(caller, id, server, answered.cause(), "could not complete " + method)));
    }

    /** The JSON-RPC error a client gets for a request the upstream did not answer. */
    public static ObjectNode failure(Caller caller, JsonNode id, UpstreamServer server, Throwable cause, String what) {
        return timedOut(cause)
                ? JsonRpc.error(id, GatewayErrors.upstreamTimeout(caller), "Upstream timeout: " + server.slug() + " did not answer in time")
                : JsonRpc.error(id, GatewayErrors.UPSTREAM_UNREACHABLE, "Upstream unreachable: " + server.slug() + " " + what);
    }

    public static boolean timedOut(Throwable cause) {
        return cause instanceof UpstreamException e && e.kind() == Kind.TIMEOUT;
    }
}
