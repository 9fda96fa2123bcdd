package dev.gatehouse.audit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.infra.testing.StandInHttp;
import dev.gatehouse.infra.testing.TestServiceKeys;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.gatehouse.infra.testing.StandInHttp.answer;

/**
 * Stands in for identity-service in audit's module tests only: its token liveness endpoint
 * ({@code GET /internal/v1/tokens/{tokenId}}), which audit asks for every workspace JWT. Like
 * identity it answers only calls with audit's service token (401 otherwise). Every token id is
 * active (tests mint JWTs with random {@code tid}s) except those revoked through
 * {@code POST /_standin/revoke/{tokenId}}; {@code GET /_standin/refused} counts the 401s.
 *
 * <p>Declared once with {@code restrictToAnnotatedClass = false} (on {@link TokenLivenessTest}), so
 * it serves every test class of the module and Quarkus still boots once.
 */
public final class IdentityStandIn implements QuarkusTestResourceLifecycleManager {

    private static final Pattern LIVENESS = Pattern.compile("/internal/v1/tokens/([^/]+)");
    private static final Pattern REVOKE = Pattern.compile("/_standin/revoke/([^/]+)");

    private final StandInHttp http = new StandInHttp("identity", "audit");
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();
    private final AtomicInteger refused = new AtomicInteger();
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", this::handle);
        server.start();
        return Map.of(
                "gatehouse.identity.url", "http://127.0.0.1:" + server.getAddress().getPort(),
                "gatehouse.service-auth.private-key", TestServiceKeys.privateKey("audit"));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Matcher m;
        if ((m = LIVENESS.matcher(path)).matches() && exchange.getRequestMethod().equals("GET")) {
            if (!http.authenticated(exchange)) {
                refused.incrementAndGet();
                answer(exchange, 401, "{\"title\":\"Unauthorized\",\"status\":401}");
            } else {
                answer(exchange, 200, revoked.contains(m.group(1)) ? "{\"active\":false}" : "{\"active\":true}");
            }
        } else if ((m = REVOKE.matcher(path)).matches()) {
            revoked.add(m.group(1));
            answer(exchange, 204, null);
        } else if (path.equals("/_standin/refused")) {
            answer(exchange, 200, Integer.toString(refused.get()));
        } else {
            answer(exchange, 404, "{}");
        }
    }
}
