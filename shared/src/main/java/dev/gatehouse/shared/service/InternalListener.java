package dev.gatehouse.shared.service;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Serves a service's {@code /internal/...} API on a port of its own, behind service tokens.
 *
 * <p>A second Vert.x HTTP server hands its requests to the application's own router, so every
 * endpoint is the same code on both ports. A guard route, ahead of every other, then decides by
 * the port a request arrived on:
 * <ul>
 * <li>public port: {@code /internal/**} (however it is spelled) answers 404, as if it did not exist;</li>
 * <li>internal port: {@code /internal/**} needs {@code Authorization: Bearer <service token>}
 *     (401 without or with an invalid one) from a caller the endpoint's allowlist names (403
 *     otherwise, also for an endpoint missing from the list). Other paths (the JWKS, health) pass.</li>
 * </ul>
 * The verified caller's name is put in the routing context under {@link #CALLER}.
 */
public final class InternalListener {

    public static final String CALLER = "gatehouse.service-caller";

    private static final Logger LOG = Logger.getLogger(InternalListener.class);
    /** After Quarkus's request-start and body handlers, before everything else (the REST layer runs at 10,000 and later). */
    private static final int GUARD_ORDER = -1000;
    private static final String PROBLEM = "application/problem+json";

    private final HttpServer server;
    private final ServiceTokenVerifier verifier;
    private final InternalCallers callers;

    private InternalListener(HttpServer server, ServiceTokenVerifier verifier, InternalCallers callers) {
        this.server = server;
        this.verifier = verifier;
        this.callers = callers;
    }

    /**
     * Installs the guard on {@code router} and binds the internal port ({@code 0}: a free one),
     * waiting for the bind so a port that is taken stops the service at startup.
     */
    public static InternalListener start(Vertx vertx, Router router, String host, int port,
                                         ServiceTokenVerifier verifier, InternalCallers callers) {
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port));
        InternalListener listener = new InternalListener(server, verifier, callers);
        router.route().order(GUARD_ORDER).handler(listener::guard);
        try {
            server.requestHandler(router).listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot listen on gatehouse.internal.port " + host + ":" + port, e);
        }
        LOG.infof("Internal API on %s:%d (service tokens for %s; callers with keys: %s)", host, server.actualPort(),
                verifier.self(), verifier.trustedCallers());
        return listener;
    }

    /** The bound port (the real one when 0 was asked for). */
    public int port() {
        return server.actualPort();
    }

    public void close(Duration timeout) {
        try {
            server.close().toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.debugf("closing the internal listener: %s", e.getClass().getSimpleName());
        }
    }

    private void guard(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        if (!isInternal(path)) {
            ctx.next();
            return;
        }
        boolean internalPort = ctx.request().localAddress() != null
                && ctx.request().localAddress().port() == server.actualPort();
        if (!internalPort || ambiguous(path)) {
            problem(ctx, 404, "Not Found", "not found");
            return;
        }
        String caller;
        try {
            caller = verifier.verify(bearer(ctx.request().getHeader(HttpHeaders.AUTHORIZATION)));
        } catch (ServiceTokenVerifier.InvalidServiceToken e) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            problem(ctx, 401, "Unauthorized", "a valid service token is required");
            return;
        }
        Optional<Set<String>> allowed = callers.allowed(ctx.request().method().name(), ctx.normalizedPath());
        if (allowed.isEmpty() || !allowed.get().contains(caller)) {
            LOG.warnf("Refused internal call by %s: %s %s", caller, ctx.request().method().name(), ctx.normalizedPath());
            problem(ctx, 403, "Forbidden", "service " + caller + " may not call this endpoint");
            return;
        }
        ctx.put(CALLER, caller);
        ctx.next();
    }

    /**
     * Whether a path could reach {@code /internal/**} in the REST layer, however it is spelled:
     * compared percent-decoded, without matrix parameters and repeated slashes, ignoring case, and
     * by prefix (so {@code /internal%2Fv1/...} and {@code /internal;x/...} count too). Errs on the
     * side of "internal": such a path is then guarded, never served unguarded.
     */
    static boolean isInternal(String path) {
        if (path == null) {
            return false;
        }
        String canonical = percentDecode(path).replaceAll(";[^/]*", "").replace('\\', '/').replaceAll("/{2,}", "/");
        return canonical.toLowerCase(Locale.ROOT).startsWith("/internal");
    }

    /**
     * An internal path whose segments the REST layer might split differently from the allowlist
     * (encoded slash, backslash or percent, matrix parameters): refused rather than interpreted.
     */
    static boolean ambiguous(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        return lower.contains("%2f") || lower.contains("%5c") || lower.contains("%25") || lower.contains(";")
                || lower.contains("\\") || lower.contains("//") || !lower.startsWith("/internal/");
    }

    private static String percentDecode(String path) {
        if (path.indexOf('%') < 0) {
            return path;
        }
        StringBuilder decoded = new StringBuilder(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%' && i + 2 < path.length() && HexFormat.isHexDigit(path.charAt(i + 1))
                    && HexFormat.isHexDigit(path.charAt(i + 2))) {
                decoded.append((char) HexFormat.fromHexDigits(path, i + 1, i + 3));
                i += 2;
            } else {
                decoded.append(c);
            }
        }
        return decoded.toString();
    }

    private static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorization.substring(7).trim();
    }

    private static void problem(RoutingContext ctx, int status, String title, String detail) {
        String body = "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\"}";
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, PROBLEM).end(body);
    }
}
