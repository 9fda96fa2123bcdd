package dev.gatehouse.infra.testing;

import com.sun.net.httpserver.HttpExchange;
import dev.gatehouse.shared.service.ServiceKeys;
import dev.gatehouse.shared.service.ServiceTokenVerifier;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * For a module test's stand-in of another service (a JDK {@code HttpServer}): accepts a call only
 * with the caller's service token meant for that service, as the real service's internal listener
 * does, so a test cannot pass with an unauthenticated call; and writes JSON answers.
 */
public final class StandInHttp {

    private final ServiceTokenVerifier verifier;
    private final String caller;

    /**
     * @param service the service stood in for (the token's audience)
     * @param caller  the one service whose calls it accepts, with its {@link TestServiceKeys} key
     */
    public StandInHttp(String service, String caller) {
        this.verifier = new ServiceTokenVerifier(service,
                Map.of(caller, ServiceKeys.publicKey(TestServiceKeys.publicKey(caller), caller)));
        this.caller = caller;
    }

    /** Whether {@code exchange} carries {@code Authorization: Bearer <the caller's valid service token>}. */
    public boolean authenticated(HttpExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        try {
            return verifier.verify(authorization.substring(7)).equals(caller);
        } catch (ServiceTokenVerifier.InvalidServiceToken e) {
            return false;
        }
    }

    /** Answers {@code status} with a JSON {@code body} (none when null). */
    public static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
