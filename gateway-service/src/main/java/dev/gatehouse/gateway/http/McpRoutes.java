package dev.gatehouse.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.gateway.config.GatewayConfig;
import dev.gatehouse.gateway.http.RequestGate.Accepts;
import dev.gatehouse.gateway.http.RequestGate.Admitted;
import dev.gatehouse.gateway.mcp.Caller;
import dev.gatehouse.gateway.mcp.JsonRpc;
import dev.gatehouse.gateway.mcp.McpIntake;
import dev.gatehouse.gateway.mcp.Transport;
import dev.gatehouse.gateway.mcp.ProtocolVersions;
import dev.gatehouse.gateway.mcp.stateless.MirroredHeaders;
import dev.gatehouse.gateway.mcp.stateless.StatelessIntake;
import dev.gatehouse.gateway.session.McpSession;
import dev.gatehouse.gateway.session.SessionService;
import dev.gatehouse.gateway.upstream.UpstreamSessions;
import io.quarkus.logging.Log;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RequestBody;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * {@code POST|GET|DELETE /api/gw/{slug}}: the MCP Streamable HTTP endpoint of a workspace, as a
 * plain Vert.x route (non-blocking, streams without buffering). The transport ends at "admitted,
 * parsed, session found": HTTP-level rules live here, and every parsed POST body goes to
 * {@link McpIntake} (JSON-RPC envelope, batches, methods) or, when the request is of the stateless
 * 2026-07-28 revision (chosen per request, see {@link StatelessIntake#selects}), to
 * {@link StatelessIntake} without any session.
 *
 * <p>A POST body is read only after the {@link RequestGate} admitted the request: until then the
 * request is paused, a declared length over {@code max-body-bytes} is refused at once, and a refused
 * request's connection is closed rather than drained. An admitted body must arrive within
 * {@code body-read-timeout}.
 */
@ApplicationScoped
public class McpRoutes {

    static final String PATH = "/api/gw/:slug";
    static final String SESSION_HEADER = "Mcp-Session-Id";
    private static final String VERSION_HEADER = "MCP-Protocol-Version";
    private static final String METHOD_HEADER = "Mcp-Method";
    private static final String NAME_HEADER = "Mcp-Name";
    private static final String ADMITTED = "gatehouse.admitted";

    private final RequestGate gate;
    private final SessionService sessions;
    private final McpIntake intake;
    private final StatelessIntake statelessIntake;
    private final ClientStreams streams;
    private final UpstreamSessions upstreamSessions;
    private final ObjectMapper json;
    private final long maxBodyBytes;
    private final long bodyReadTimeoutMs;

    public McpRoutes(RequestGate gate, SessionService sessions, McpIntake intake, StatelessIntake statelessIntake,
                     ClientStreams streams, UpstreamSessions upstreamSessions, ObjectMapper json, GatewayConfig config) {
        this.gate = gate;
        this.sessions = sessions;
        this.intake = intake;
        this.statelessIntake = statelessIntake;
        this.streams = streams;
        this.upstreamSessions = upstreamSessions;
        this.json = json;
        this.maxBodyBytes = config.maxBodyBytes();
        this.bodyReadTimeoutMs = config.bodyReadTimeout().toMillis();
    }

    void register(@Observes Router router) {
        // two routes: Vert.x Web allows a body handler only first on its route, and the gate goes before it
        router.post(PATH).handler(this::admitPost).failureHandler(this::failure);
        router.post(PATH).handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes)).handler(this::post)
                .failureHandler(this::failure);
        router.get(PATH).handler(this::get).failureHandler(this::failure);
        router.delete(PATH).handler(this::delete).failureHandler(this::failure);
        router.route(PATH).handler(ctx -> {
            ctx.response().putHeader("Allow", "POST, GET, DELETE");
            Problems.send(ctx.response(), 405, "Method Not Allowed", "Use POST, GET or DELETE");
        });
    }

    /** Everything a POST must pass before a byte of its body is read. */
    private void admitPost(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        request.pause();
        ctx.addHeadersEndHandler(headers -> {
            // an unread body (a refusal) is not worth draining: end the connection with the answer
            if (!request.isEnded() && request.version() != HttpVersion.HTTP_2) {
                response.putHeader("Connection", "close");
            }
        });
        Long declared = declaredLength(request.getHeader("Content-Length"));
        if (declared == null) {
            Problems.send(response, 400, "Bad Request", "Content-Length is not a number");
            return;
        }
        if (declared > maxBodyBytes) {
            Problems.send(response, 413, "Content Too Large", "The body is larger than " + maxBodyBytes + " bytes");
            return;
        }
        String contentType = request.getHeader("Content-Type");
        gate.admit(ctx, Accepts.JSON_AND_SSE, admitted -> {
            if (contentType == null || !contentType.toLowerCase().startsWith("application/json")) {
                Problems.send(response, 415, "Unsupported Media Type", "Content-Type must be application/json");
                return;
            }
            ctx.put(ADMITTED, admitted);
            long deadline = ctx.vertx().setTimer(bodyReadTimeoutMs, fired -> {
                if (!request.isEnded()) {
                    Problems.send(response, 408, "Request Timeout",
                            "The body did not arrive within " + bodyReadTimeoutMs + " ms");
                }
            });
            ctx.addEndHandler(ended -> ctx.vertx().cancelTimer(deadline));
            ctx.next();
        });
    }

    /** @return the declared body length, 0 when none is declared, null when it is not a number */
    private static Long declaredLength(String header) {
        if (header == null) {
            return 0L;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private void post(RoutingContext ctx) {
        HttpServerResponse response = ctx.response();
        Admitted admitted = ctx.get(ADMITTED);
        if (admitted == null || response.ended()) {
            return;
        }
        JsonNode body = parse(ctx.body());
        if (body == null) {
            jsonRpcError(response, 400, JsonRpc.error(null, JsonRpc.PARSE_ERROR, "Parse error: the body is not JSON"));
            return;
        }
        String version = ctx.request().getHeader(VERSION_HEADER);
        if (StatelessIntake.selects(version, ctx.request().getHeader(SESSION_HEADER) != null, body)) {
            // a session id on such a request is ignored, and none is minted
            statelessIntake.receive(admitted.principal(), admitted.routing(), admitted.clientIp(),
                    mirrored(ctx.request()), body, new PostTransport(response, admitted, gate, streams));
            return;
        }
        if (version != null && !ProtocolVersions.isSupported(version)) {
            Problems.send(response, 400, "Bad Request", "Unsupported MCP-Protocol-Version; supported: "
                    + String.join(", ", ProtocolVersions.SUPPORTED));
            return;
        }
        Transport transport = new PostTransport(response, admitted, gate, streams);
        if (McpIntake.opensSession(body)) {
            intake.initialize(admitted.principal(), (ObjectNode) body, transport);
            return;
        }
        Optional<McpSession> session = session(ctx, admitted);
        if (session.isEmpty()) {
            return;
        }
        if (version != null && !version.equals(session.get().protocolVersion())) {
            Problems.send(response, 400, "Bad Request", "MCP-Protocol-Version " + version
                    + " does not match the session's " + session.get().protocolVersion());
            return;
        }
        intake.receive(new Caller(admitted.principal(), admitted.routing(), session.get(), admitted.clientIp()), body,
                transport);
    }

    /** The mirrored headers as one value each; a repeated header is joined, so it cannot match the body. */
    private static MirroredHeaders mirrored(HttpServerRequest request) {
        return new MirroredHeaders(single(request, VERSION_HEADER), single(request, METHOD_HEADER),
                single(request, NAME_HEADER));
    }

    private static String single(HttpServerRequest request, String header) {
        List<String> values = request.headers().getAll(header);
        return values.isEmpty() ? null : String.join(", ", values);
    }

    /** GET and DELETE are not part of 2026-07-28 (no stream, no session): 405 for a request of that revision. */
    private static boolean refusedAsStateless(RoutingContext ctx) {
        if (!ProtocolVersions.isStateless(ctx.request().getHeader(VERSION_HEADER))) {
            return false;
        }
        ctx.response().putHeader("Allow", "POST");
        Problems.send(ctx.response(), 405, "Method Not Allowed",
                "MCP " + ProtocolVersions.V2026_07_28 + " has no GET stream and no session: POST each request");
        return true;
    }

    private void get(RoutingContext ctx) {
        gate.admit(ctx, Accepts.SSE, admitted -> {
            if (refusedAsStateless(ctx)) {
                return;
            }
            if (ctx.request().getHeader(SESSION_HEADER) == null) {
                ctx.response().putHeader("Allow", "POST, DELETE");
                Problems.send(ctx.response(), 405, "Method Not Allowed",
                        "A notification stream belongs to a session: initialize first, then GET with Mcp-Session-Id");
                return;
            }
            session(ctx, admitted).ifPresent(session -> streams.open(session, admitted.routing(), admitted.clientIp(), ctx.response()));
        });
    }

    private void delete(RoutingContext ctx) {
        gate.admit(ctx, Accepts.ANY, admitted -> {
            if (refusedAsStateless(ctx)) {
                return;
            }
            endSession(ctx, admitted);
        });
    }

    private void endSession(RoutingContext ctx, Admitted admitted) {
        session(ctx, admitted).ifPresent(session -> {
            sessions.end(session);
            upstreamSessions.endOwner(session.id());
            ctx.response().setStatusCode(204).end();
        });
    }

    /** The request's session; when missing (400) or not valid for this caller (404) the answer is sent here. */
    private Optional<McpSession> session(RoutingContext ctx, Admitted admitted) {
        String id = ctx.request().getHeader(SESSION_HEADER);
        if (id == null || id.isBlank()) {
            Problems.send(ctx.response(), 400, "Bad Request", "Mcp-Session-Id header is required; initialize first");
            return Optional.empty();
        }
        Optional<McpSession> session = sessions.find(id, admitted.principal().workspace(), admitted.principal());
        if (session.isEmpty()) {
            Problems.send(ctx.response(), 404, "Not Found", "Unknown or ended session; initialize a new one");
        }
        return session;
    }

    private void failure(RoutingContext ctx) {
        if (ctx.statusCode() == 413) {
            Problems.send(ctx.response(), 413, "Content Too Large", "The body is larger than " + maxBodyBytes + " bytes");
            return;
        }
        Log.errorf("unexpected failure on %s %s: %s", ctx.request().method(), ctx.request().path(),
                ctx.failure() == null ? ctx.statusCode() : ctx.failure().toString());
        Problems.send(ctx.response(), 500, "Internal Server Error", "The gateway failed to handle the request");
    }

    private JsonNode parse(RequestBody body) {
        Buffer buffer = body == null ? null : body.buffer();
        if (buffer == null || buffer.length() == 0) {
            return null;
        }
        try {
            JsonNode node = json.readTree(buffer.getBytes());
            return node == null || node.isMissingNode() ? null : node;
        } catch (IOException e) {
            return null;
        }
    }

    static void jsonRpcError(HttpServerResponse response, int status, ObjectNode error) {
        response.setStatusCode(status).putHeader("Content-Type", "application/json").end(error.toString());
    }
}
