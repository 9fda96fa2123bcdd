package dev.gatehouse.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.infra.testing.StandInHttp;
import dev.gatehouse.infra.testing.TestServiceKeys;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.gatehouse.infra.testing.StandInHttp.answer;

/**
 * Stands in for identity-service in registry's module tests only (the real one is another module
 * and not running here): serves the three internal endpoints registry calls (admin token, revoke
 * all, token liveness), records the calls, and can be told to fail.
 *
 * <p>Like identity, it answers only calls carrying registry's service token (401 otherwise), so a
 * test cannot pass with an unauthenticated call; an admin token is issued only while the
 * workspace has none (409). Token liveness: every id is active (tests mint JWTs with random
 * {@code tid}s) except the ids revoked through the control path or by revoking a workspace.
 *
 * <p>Started by {@link RegistryTestResources}. Tests talk to it over HTTP ({@link IdentityStandInClient}),
 * so it works whichever class loader Quarkus loads the test in. Control paths:
 * {@code POST /_standin/fail/{slug}}, {@code POST /_standin/revoke/{tokenId}},
 * {@code POST /_standin/liveness-down/{true|false}}, {@code POST /_standin/active-admin/{slug}} (as if
 * an earlier creation had not been undone), {@code GET /_standin/calls} (one
 * {@code METHOD slug} per line).
 */
final class IdentityStandIn {

    private static final Pattern ADMIN_TOKEN = Pattern.compile("/internal/v1/workspaces/([^/]+)/admin-token");
    private static final Pattern TOKENS = Pattern.compile("/internal/v1/workspaces/([^/]+)/tokens");
    private static final Pattern LIVENESS = Pattern.compile("/internal/v1/tokens/([^/]+)");
    private static final Pattern FAIL = Pattern.compile("/_standin/fail/([^/]+)");
    private static final Pattern REVOKE = Pattern.compile("/_standin/revoke/([^/]+)");
    private static final Pattern LIVENESS_DOWN = Pattern.compile("/_standin/liveness-down/(true|false)");
    private static final Pattern ACTIVE_ADMIN = Pattern.compile("/_standin/active-admin/([^/]+)");

    private final StandInHttp http = new StandInHttp("identity", "registry");
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final Set<String> failNext = ConcurrentHashMap.newKeySet();
    private final Map<String, String> activeAdmin = new ConcurrentHashMap<>();
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();
    private volatile boolean livenessDown;
    private HttpServer server;

    /** Starts on a free loopback port and returns the configuration that points registry at it. */
    Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", this::handle);
        server.start();
        return Map.of(
                "gatehouse.identity.url", "http://127.0.0.1:" + server.getAddress().getPort(),
                "gatehouse.internal.port", "0",
                "gatehouse.service-auth.private-key", TestServiceKeys.privateKey("registry"),
                "gatehouse.service-auth.trusted.\"gateway\"", TestServiceKeys.publicKey("gateway"));
    }

    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        if (path.startsWith("/internal/") && !http.authenticated(exchange)) {
            answer(exchange, 401, "{\"title\":\"Unauthorized\",\"status\":401}");
            return;
        }
        Matcher m;
        if (method.equals("POST") && (m = ADMIN_TOKEN.matcher(path)).matches()) {
            String slug = m.group(1);
            calls.add("POST " + slug);
            if (failNext.remove(slug)) {
                answer(exchange, 500, "{\"title\":\"boom\"}");
            } else if (activeAdmin.containsKey(slug)) {
                answer(exchange, 409, "{\"title\":\"Conflict\",\"status\":409}");
            } else {
                String id = UUID.randomUUID().toString();
                activeAdmin.put(slug, id);
                // shaped like identity's answer: the token and its whole record
                answer(exchange, 201, "{\"token\":\"mng_" + "ab".repeat(24) + "\",\"id\":\"" + id
                        + "\",\"workspace\":\"" + slug + "\",\"kind\":\"workspace-admin\",\"prefix\":\"mng_abab\"}");
            }
        } else if (method.equals("DELETE") && (m = TOKENS.matcher(path)).matches()) {
            calls.add("DELETE " + m.group(1));
            String admin = activeAdmin.remove(m.group(1));
            if (admin != null) {
                revoked.add(admin);
            }
            answer(exchange, 204, null);
        } else if (method.equals("GET") && (m = LIVENESS.matcher(path)).matches()) {
            if (livenessDown) {
                answer(exchange, 503, "{\"title\":\"Service Unavailable\",\"status\":503}");
            } else {
                answer(exchange, 200, revoked.contains(m.group(1)) ? "{\"active\":false}" : "{\"active\":true}");
            }
        } else if (method.equals("POST") && (m = FAIL.matcher(path)).matches()) {
            failNext.add(m.group(1));
            answer(exchange, 204, null);
        } else if (method.equals("POST") && (m = REVOKE.matcher(path)).matches()) {
            revoked.add(m.group(1));
            answer(exchange, 204, null);
        } else if (method.equals("POST") && (m = ACTIVE_ADMIN.matcher(path)).matches()) {
            activeAdmin.put(m.group(1), UUID.randomUUID().toString());
            answer(exchange, 204, null);
        } else if (method.equals("POST") && (m = LIVENESS_DOWN.matcher(path)).matches()) {
            livenessDown = Boolean.parseBoolean(m.group(1));
            answer(exchange, 204, null);
        } else if (method.equals("GET") && path.equals("/_standin/calls")) {
            answer(exchange, 200, String.join("\n", calls));
        } else {
            answer(exchange, 404, "{}");
        }
    }
}
