package dev.gatehouse.gateway.http;

import dev.gatehouse.gateway.auth.IdentityUnavailableException;
import dev.gatehouse.gateway.auth.Principal;
import dev.gatehouse.gateway.auth.PrincipalResolver;
import dev.gatehouse.gateway.config.GatewayConfig;
import dev.gatehouse.gateway.mcp.GatewayErrors;
import dev.gatehouse.gateway.ratelimit.ClientIpResolver;
import dev.gatehouse.gateway.ratelimit.ConcurrentRequests;
import dev.gatehouse.gateway.ratelimit.RateDecision;
import dev.gatehouse.gateway.ratelimit.RateLimiter;
import dev.gatehouse.gateway.ratelimit.UnauthenticatedRateLimiter;
import dev.gatehouse.gateway.routing.Routing;
import dev.gatehouse.gateway.routing.RoutingService;
import dev.gatehouse.shared.access.TokenKind;
import io.quarkus.logging.Log;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The HTTP-level checks every request to {@code /api/gw/{slug}} passes, in this order: slug syntax,
 * Origin, requests in progress per client, Accept, bearer token (with the unauthenticated limit in
 * front of identity-service), workspace, rate limit, routing. A refusal is answered here
 * (problem+json) and the request goes no further. Nothing a client invents (slug, token, address
 * inside a /64) creates state before it has authenticated, except one small bucket per client group
 * for tokens identity-service found invalid.
 */
@ApplicationScoped
public class RequestGate {

    /** Which media types the request's Accept header must allow. */
    public enum Accepts {
        /** POST: both {@code application/json} and {@code text/event-stream}. */
        JSON_AND_SSE,
        /** GET: {@code text/event-stream}. */
        SSE,
        /** DELETE: no body either way. */
        ANY
    }

    /** A request that passed the gate. */
    public record Admitted(Principal principal, Routing routing, String clientIp) {
    }

    /** A workspace slug as the registry allows it; anything else cannot be a workspace. */
    static final Pattern WORKSPACE_SLUG = Pattern.compile("[a-z0-9-]{2,63}");

    private final RateLimiter rateLimiter;
    private final UnauthenticatedRateLimiter unauthenticated;
    private final ConcurrentRequests concurrent;
    private final ClientIpResolver clientIps;
    private final PrincipalResolver principals;
    private final RoutingService routing;
    private final List<String> allowedOrigins;

    public RequestGate(RateLimiter rateLimiter, UnauthenticatedRateLimiter unauthenticated, ConcurrentRequests concurrent,
                       ClientIpResolver clientIps, PrincipalResolver principals, RoutingService routing,
                       GatewayConfig config) {
        this.rateLimiter = rateLimiter;
        this.unauthenticated = unauthenticated;
        this.concurrent = concurrent;
        this.clientIps = clientIps;
        this.principals = principals;
        this.routing = routing;
        this.allowedOrigins = config.allowedOrigins().orElse(List.of());
    }

    public void admit(RoutingContext ctx, Accepts accepts, Consumer<Admitted> next) {
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        String slug = ctx.pathParam("slug");
        if (slug == null || !WORKSPACE_SLUG.matcher(slug).matches()) {
            Problems.send(response, 404, "Not Found", "No such workspace");
            return;
        }
        String origin = request.getHeader("Origin");
        if (origin != null && !allowedOrigins.contains("*") && !allowedOrigins.contains(origin)
                && !LoopbackOrigin.isLocalClient(origin, request)) {
            Problems.send(response, 403, "Forbidden", "This Origin is not allowed to call the gateway");
            return;
        }
        String clientIp = clientIps.clientIp(request);
        if (accepts != Accepts.SSE) {
            // GET streams are long by nature and capped on their own (ClientStreams)
            ConcurrentRequests.Slot slot = concurrent.tryEnter(clientIp);
            if (slot == null) {
                response.putHeader("Retry-After", "1");
                Problems.send(response, 429, "Too Many Requests", "More than " + concurrent.maxPerClient()
                        + " requests in progress from this address; retry when some have finished",
                        new JsonObject().put("code", GatewayErrors.RATE_LIMITED));
                return;
            }
            ctx.addEndHandler(ended -> slot.release());
        }
        if (!accepts(request.getHeader("Accept"), accepts)) {
            Problems.send(response, 406, "Not Acceptable", accepts == Accepts.SSE
                    ? "Accept must include text/event-stream"
                    : "Accept must include both application/json and text/event-stream");
            return;
        }
        String token = bearerToken(request.getHeader("Authorization"));
        if (token == null) {
            unauthorized(response, "An Authorization: Bearer token is required");
            return;
        }
        boolean asksIdentity = principals.needsIdentity(token);
        if (asksIdentity && !unauthenticated.mayIntrospect(clientIp)) {
            response.putHeader("Retry-After", Long.toString(Math.max(1, 60 / unauthenticated.limit())));
            Problems.send(response, 429, "Too Many Requests", "More than " + unauthenticated.limit()
                    + " invalid tokens per minute from this address; retry later",
                    new JsonObject().put("code", GatewayErrors.RATE_LIMITED));
            return;
        }
        principals.resolve(token).onComplete(resolved -> {
            if (resolved.failed()) {
                identityUnavailable(response, resolved.cause());
            } else if (resolved.result().isEmpty()) {
                if (asksIdentity) {
                    unauthenticated.failedIntrospection(clientIp);
                }
                unauthorized(response, "The token is not valid");
            } else {
                checkWorkspace(ctx, slug, resolved.result().get(), clientIp, next);
            }
        });
    }

    private void checkWorkspace(RoutingContext ctx, String slug, Principal principal, String clientIp,
                                Consumer<Admitted> next) {
        HttpServerResponse response = ctx.response();
        // the same answer for another workspace and for one that does not exist: nothing leaks
        if (!principal.workspace().equals(slug)) {
            Problems.send(response, 403, "Forbidden", "This token does not grant access to this endpoint");
            return;
        }
        if (principal.kind() == TokenKind.AUDITOR) {
            Problems.send(response, 403, "Forbidden", "Auditor tokens give access to the audit trail, not to tools");
            return;
        }
        if (!charge(response, principal.workspace(), clientIp, 1)) {
            return;
        }
        routing.routing(slug).onComplete(found -> {
            if (found.failed()) {
                Log.warnf("routing of %s unavailable: %s", slug, found.cause().getMessage());
                Problems.send(response, 503, "Service Unavailable",
                        "The workspace's server list cannot be loaded right now; retry shortly");
            } else if (found.result().isEmpty()) {
                Problems.send(response, 404, "Not Found", "No such workspace");
            } else {
                try {
                    next.accept(new Admitted(principal, found.result().get(), clientIp));
                } catch (RuntimeException e) {
                    ctx.fail(e);
                }
            }
        });
    }

    /**
     * Takes the remaining members of a batch (the first was taken on admission) from the caller's
     * bucket: every message counts, not every HTTP request.
     *
     * @return false when refused (the 429 is answered here)
     */
    public boolean chargeBatch(HttpServerResponse response, Admitted admitted, int members) {
        return members <= 1 || charge(response, admitted.principal().workspace(), admitted.clientIp(), members - 1);
    }

    private boolean charge(HttpServerResponse response, String workspace, String clientIp, int permits) {
        RateDecision rate = rateLimiter.tryAcquire(workspace, clientIp, permits);
        response.putHeader("RateLimit-Limit", Integer.toString(rate.limit()))
                .putHeader("RateLimit-Remaining", Integer.toString(rate.remaining()))
                .putHeader("RateLimit-Reset", Long.toString(rate.resetSeconds()));
        if (!rate.allowed()) {
            response.putHeader("Retry-After", Long.toString(Math.max(1, rate.resetSeconds())));
            Problems.send(response, 429, "Too Many Requests",
                    "More than " + rate.limit() + " requests per minute from this address; retry later",
                    new JsonObject().put("code", GatewayErrors.RATE_LIMITED));
            return false;
        }
        return true;
    }

    private static void identityUnavailable(HttpServerResponse response, Throwable cause) {
        if (!(cause instanceof IdentityUnavailableException)) {
            Log.errorf("resolving a token failed unexpectedly: %s", cause.toString());
        }
        Problems.send(response, 503, "Service Unavailable",
                "Token verification is unavailable right now; the request was refused. Retry shortly");
    }

    private static void unauthorized(HttpServerResponse response, String detail) {
        response.putHeader("WWW-Authenticate", "Bearer");
        Problems.send(response, 401, "Unauthorized", detail);
    }

    static String bearerToken(String authorization) {
        if (authorization == null || authorization.length() <= 7
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    static boolean accepts(String accept, Accepts needed) {
        if (needed == Accepts.ANY) {
            return true;
        }
        if (accept == null) {
            return false;
        }
        boolean json = false;
        boolean sse = false;
        for (String part : accept.split(",")) {
            String type = part.split(";")[0].trim().toLowerCase(Locale.ROOT);
            json |= type.equals("application/json") || type.equals("application/*") || type.equals("*/*");
            sse |= type.equals("text/event-stream") || type.equals("text/*") || type.equals("*/*");
        }
        return needed == Accepts.SSE ? sse : json && sse;
    }
}
