package dev.gatehouse.gateway.testsupport;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.infra.testing.TestServiceKeys;
import dev.gatehouse.shared.access.TokenKind;
import dev.gatehouse.shared.service.ServiceKeys;
import dev.gatehouse.shared.service.ServiceTokenVerifier;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test-only stand-in for the two control-plane services the gateway asks questions of, serving
 * exactly the CONTRACTS.md endpoints from an in-memory table the tests fill:
 * registry-service's {@code GET /internal/v1/workspaces/{slug}/routing} (ETag / If-None-Match)
 * and identity-service's {@code POST /internal/v1/introspect}. The real services are covered by
 * their own modules and by the end-to-end suite. Like them, it answers only calls that carry the
 * gateway's service token for the right service (401 otherwise, counted in
 * {@link #unauthenticatedCalls()}), so no test passes with an unauthenticated call.
 *
 * <p>API for every test class of this module (MCP core and governance alike):
 * <pre>
 * // on every @QuarkusTest class, identically (Quarkus then boots once for the module):
 * &#64;QuarkusTestResource(value = GatehouseTestInfra.class, restrictToAnnotatedClass = false)
 * &#64;QuarkusTestResource(value = ControlPlaneDouble.Resource.class, restrictToAnnotatedClass = false)
 *
 * ControlPlaneDouble cp = ControlPlaneDouble.get();
 * cp.putServer("ws", new ControlPlaneDouble.Server("alpha", upstream.url(), "alpha_"));  // adds/replaces; version++
 * cp.removeServer("ws", "alpha");                      // version++
 * String admin  = cp.issueToken("ws", TokenKind.WORKSPACE_ADMIN, null, false, List.of());
 * String member = cp.issueToken("ws", TokenKind.MEMBER, "alice", true, List.of("alpha:echo"));
 * cp.tokenId(member);                                   // the token id introspection reports
 * cp.revoke(member);                                    // introspection answers {"active":false}
 * cp.identityDown(true);  cp.registryDown(true);        // answer 503 until set back to false
 * cp.introspections();  cp.routingRequests();           // how often each endpoint was asked
 * </pre>
 * Use a fresh workspace slug per test class ({@link #newWorkspace}) so classes never interfere.
 */
public final class ControlPlaneDouble {

    private static ControlPlaneDouble instance;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer http;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Workspace> workspaces = new ConcurrentHashMap<>();
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private final AtomicInteger introspections = new AtomicInteger();
    private final AtomicInteger routingRequests = new AtomicInteger();
    private final AtomicInteger unauthenticated = new AtomicInteger();
    private final ServiceTokenVerifier asRegistry = verifier("registry");
    private final ServiceTokenVerifier asIdentity = verifier("identity");
    private volatile boolean identityDown;
    private volatile boolean registryDown;

    /** An upstream server entry as the registry routes it. */
    public record Server(String slug, String name, String url, String transport, String prefix, Integer timeoutMs,
                         String credentialHeader, String credentialValue) {

        public Server(String slug, String url, String prefix) {
            this(slug, slug, url, "streamable-http", prefix, null, null, null);
        }

        public Server withTimeoutMs(int timeoutMs) {
            return new Server(slug, name, url, transport, prefix, timeoutMs, credentialHeader, credentialValue);
        }

        public Server withCredential(String header, String value) {
            return new Server(slug, name, url, transport, prefix, timeoutMs, header, value);
        }
    }

    private record Token(String workspace, String tokenId, TokenKind kind, String memberId, boolean enforcement,
                         List<String> allowlist, boolean revoked) {
    }

    private static final class Workspace {
        final Map<String, Server> servers = new LinkedHashMap<>();
        int version = 1;
    }

    private ControlPlaneDouble() {
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        http.setExecutor(Executors.newFixedThreadPool(4));
        http.createContext("/internal/v1/workspaces/", this::routing);
        http.createContext("/internal/v1/introspect", this::introspect);
        http.start();
    }

    public static synchronized ControlPlaneDouble get() {
        if (instance == null) {
            instance = new ControlPlaneDouble();
        }
        return instance;
    }

    public String url() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    /** A workspace slug no other test uses. */
    public static String newWorkspace(String hint) {
        return hint + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public synchronized void putServer(String workspace, Server server) {
        Workspace ws = workspaces.computeIfAbsent(workspace, slug -> new Workspace());
        ws.servers.put(server.slug(), server);
        ws.version++;
    }

    public synchronized void removeServer(String workspace, String serverSlug) {
        Workspace ws = workspaces.get(workspace);
        if (ws != null && ws.servers.remove(serverSlug) != null) {
            ws.version++;
        }
    }

    /** Makes the workspace known to the registry even without servers. */
    public synchronized void putWorkspace(String workspace) {
        workspaces.computeIfAbsent(workspace, slug -> new Workspace());
    }

    public synchronized void removeWorkspace(String workspace) {
        workspaces.remove(workspace);
    }

    /** A new active {@code mng_} token; the raw value is returned once, as identity-service would. */
    public String issueToken(String workspace, TokenKind kind, String memberId, boolean enforcement,
                             List<String> allowlist) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String raw = "mng_" + HexFormat.of().formatHex(bytes);
        tokens.put(raw, new Token(workspace, UUID.randomUUID().toString(), kind, memberId, enforcement,
                List.copyOf(allowlist), false));
        return raw;
    }

    public String tokenId(String raw) {
        return tokens.get(raw).tokenId();
    }

    public void revoke(String raw) {
        tokens.computeIfPresent(raw, (key, token) -> new Token(token.workspace(), token.tokenId(), token.kind(),
                token.memberId(), token.enforcement(), token.allowlist(), true));
    }

    public void identityDown(boolean down) {
        identityDown = down;
    }

    public void registryDown(boolean down) {
        registryDown = down;
    }

    public int introspections() {
        return introspections.get();
    }

    public int routingRequests() {
        return routingRequests.get();
    }

    /** Calls refused because they carried no valid gateway service token for the service they asked. */
    public int unauthenticatedCalls() {
        return unauthenticated.get();
    }

    private static ServiceTokenVerifier verifier(String self) {
        return new ServiceTokenVerifier(self, Map.of("gateway",
                ServiceKeys.publicKey(TestServiceKeys.publicKey("gateway"), "gateway")));
    }

    /** Answers 401 (and counts it) unless the request carries the gateway's service token for {@code verifier}'s service. */
    private boolean refuseUnauthenticated(HttpExchange exchange, ServiceTokenVerifier verifier) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        try {
            if (authorization != null && authorization.startsWith("Bearer ")
                    && verifier.verify(authorization.substring(7)).equals("gateway")) {
                return false;
            }
        } catch (ServiceTokenVerifier.InvalidServiceToken e) {
            // refused below
        }
        unauthenticated.incrementAndGet();
        send(exchange, 401, "application/problem+json", Map.of("title", "Unauthorized", "status", 401));
        return true;
    }

    private void routing(HttpExchange exchange) throws IOException {
        routingRequests.incrementAndGet();
        if (refuseUnauthenticated(exchange, asRegistry)) {
            return;
        }
        String[] parts = exchange.getRequestURI().getPath().split("/");
        // /internal/v1/workspaces/{slug}/routing
        if (!"GET".equals(exchange.getRequestMethod()) || parts.length != 6 || !"routing".equals(parts[5])) {
            send(exchange, 404, "application/problem+json", Map.of("title", "Not Found", "status", 404));
            return;
        }
        if (registryDown) {
            send(exchange, 503, "application/problem+json", Map.of("title", "Service Unavailable", "status", 503));
            return;
        }
        Map<String, Object> body;
        String etag;
        synchronized (this) {
            Workspace ws = workspaces.get(parts[4]);
            if (ws == null) {
                send(exchange, 404, "application/problem+json", Map.of("title", "Not Found", "status", 404,
                        "detail", "no such workspace"));
                return;
            }
            etag = "\"" + ws.version + "\"";
            List<Map<String, Object>> servers = new ArrayList<>();
            for (Server server : ws.servers.values()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("slug", server.slug());
                entry.put("name", server.name());
                entry.put("url", server.url());
                entry.put("transport", server.transport());
                entry.put("prefix", server.prefix());
                entry.put("timeoutMs", server.timeoutMs() == null ? 30000 : server.timeoutMs());
                entry.put("credential", server.credentialHeader() == null ? null
                        : Map.of("header", server.credentialHeader(), "value", server.credentialValue()));
                servers.add(entry);
            }
            body = new LinkedHashMap<>();
            body.put("workspace", parts[4]);
            body.put("version", Integer.toString(ws.version));
            body.put("servers", servers);
        }
        exchange.getResponseHeaders().set("ETag", etag);
        if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
            exchange.sendResponseHeaders(304, -1);
            exchange.close();
            return;
        }
        send(exchange, 200, "application/json", body);
    }

    private void introspect(HttpExchange exchange) throws IOException {
        introspections.incrementAndGet();
        if (refuseUnauthenticated(exchange, asIdentity)) {
            return;
        }
        if (identityDown) {
            send(exchange, 503, "application/problem+json", Map.of("title", "Service Unavailable", "status", 503));
            return;
        }
        String raw = json.readTree(exchange.getRequestBody().readAllBytes()).path("token").asText("");
        Token token = tokens.get(raw);
        if (token == null || token.revoked()) {
            send(exchange, 200, "application/json", Map.of("active", false));
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("active", true);
        body.put("workspace", token.workspace());
        body.put("tokenId", token.tokenId());
        body.put("kind", token.kind().role());
        body.put("memberId", token.memberId());
        body.put("memberName", token.memberId() == null ? null : "Member " + token.memberId());
        body.put("enforcement", token.enforcement());
        body.put("allowlist", token.allowlist());
        body.put("expiresAt", "2099-01-01T00:00:00Z");
        send(exchange, 200, "application/json", body);
    }

    private void send(HttpExchange exchange, int status, String type, Object body) throws IOException {
        byte[] bytes = json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /**
     * Points the gateway under test at the double ({@code gatehouse.registry.url},
     * {@code gatehouse.identity.url}) and gives it its test service key.
     */
    public static class Resource implements QuarkusTestResourceLifecycleManager {

        @Override
        public Map<String, String> start() {
            String url = ControlPlaneDouble.get().url();
            return Map.of("gatehouse.registry.url", url, "gatehouse.identity.url", url,
                    "gatehouse.service-auth.private-key", TestServiceKeys.privateKey("gateway"));
        }

        @Override
        public void stop() {
            // shared by every test class of the JVM; the JDK server thread pool dies with the JVM
        }
    }
}
