package dev.gatehouse.gateway.mcp.features;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.gateway.config.GatewayConfig;
import dev.gatehouse.gateway.mcp.Caller;
import dev.gatehouse.gateway.mcp.GatewayErrors;
import dev.gatehouse.gateway.mcp.InFlightRequests;
import dev.gatehouse.gateway.mcp.JsonRpc;
import dev.gatehouse.gateway.mcp.Reply;
import dev.gatehouse.gateway.mcp.relay.RelatedMessages;
import dev.gatehouse.gateway.routing.UpstreamServer;
import dev.gatehouse.gateway.upstream.UpstreamException;
import dev.gatehouse.gateway.upstream.UpstreamException.Kind;
import dev.gatehouse.gateway.upstream.UpstreamSessions;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Forwards one client request ({@code prompts/get}, {@code resources/read}, {@code completion/complete})
 * to the server that owns it, within the client's upstream session: related messages (progress,
 * log messages, server-to-client requests) relayed as they arrive, the result unchanged, the
 * server's {@code timeoutMs}, cancellation when the client goes away.
 */
@ApplicationScoped
public class UpstreamRelay {

    private final UpstreamSessions sessions;
    private final RelatedMessages related;
    private final InFlightRequests inFlight;
    private final Vertx vertx;
    private final long defaultTimeoutMs;

    UpstreamRelay(UpstreamSessions sessions, RelatedMessages related, InFlightRequests inFlight, Vertx vertx,
                  GatewayConfig config) {
        this.sessions = sessions;
        this.related = related;
        this.inFlight = inFlight;
        this.vertx = vertx;
        this.defaultTimeoutMs = config.upstream().defaultCallTimeout().toMillis();
    }

    /** Forwards the request; the call is returned for what else the method does with its answer. */
    public UpstreamSessions.Call forward(Caller caller, Reply reply, UpstreamServer server, String method, JsonNode id, ObjectNode params) {
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
        call.response().onComplete(answered -> {
            vertx.cancelTimer(timer);
            untrack.run();
            if (answered.succeeded()) {
                ObjectNode response = answered.result();
                response.set("id", id);
                reply.finish(response);
                return;
            }
            boolean timedOut = answered.cause() instanceof UpstreamException e && e.kind() == Kind.TIMEOUT;
            reply.finish(timedOut
                    ? JsonRpc.error(id, GatewayErrors.upstreamTimeout(caller), "Upstream timeout: " + server.slug() + " did not answer in time")
                    : JsonRpc.error(id, GatewayErrors.UPSTREAM_UNREACHABLE, "Upstream unreachable: " + server.slug()
                            + " could not complete " + method));
        });
        return call;
    }
}
