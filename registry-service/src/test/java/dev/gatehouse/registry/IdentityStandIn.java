package dev.gatehouse.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stands in for identity-service in registry's module tests only (the real one is another module
 * and not running here): serves its two internal endpoints registry calls, records the calls, and
 * can be told to fail the next admin-token request of a workspace.
 *
 * <p>Started by {@link RegistryTestResources}. Tests talk to it over HTTP ({@link IdentityStandInClient}), so it works whichever class loader
 * Quarkus loads the test in. Control paths: {@code POST /_standin/fail/{slug}},
 * {@code GET /_standin/calls} (one {@code METHOD slug} per line).
 */
final class IdentityStandIn {

    private static final Pattern ADMIN_TOKEN = Pattern.compile("/internal/v1/workspaces/([^/]+)/admin-token");
    private static final Pattern TOKENS = Pattern.compile("/internal/v1/workspaces/([^/]+)/tokens");
    private static final Pattern FAIL = Pattern.compile("/_standin/fail/([^/]+)");

    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final Set<String> failNext = ConcurrentHashMap.newKeySet();
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
        return Map.of("gatehouse.identity.url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        Matcher m;
        if (method.equals("POST") && (m = ADMIN_TOKEN.matcher(path)).matches()) {
            String slug = m.group(1);
            calls.add("POST " + slug);
            if (failNext.remove(slug)) {
                answer(exchange, 500, "{\"title\":\"boom\"}");
            } else {
                // shaped like identity's answer: the token and its whole record
                answer(exchange, 201, "{\"token\":\"mng_" + "ab".repeat(24) + "\",\"id\":\"" + UUID.randomUUID()
                        + "\",\"workspace\":\"" + slug + "\",\"kind\":\"workspace-admin\",\"prefix\":\"mng_abab\"}");
            }
        } else if (method.equals("DELETE") && (m = TOKENS.matcher(path)).matches()) {
            calls.add("DELETE " + m.group(1));
            answer(exchange, 204, null);
        } else if (method.equals("POST") && (m = FAIL.matcher(path)).matches()) {
            failNext.add(m.group(1));
            answer(exchange, 204, null);
        } else if (method.equals("GET") && path.equals("/_standin/calls")) {
            answer(exchange, 200, String.join("\n", calls));
        } else {
            answer(exchange, 404, "{}");
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
