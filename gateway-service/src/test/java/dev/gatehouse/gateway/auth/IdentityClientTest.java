package dev.gatehouse.gateway.auth;

import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.gateway.config.GatewayServiceAuth;
import dev.gatehouse.gateway.testsupport.ControlPlaneDouble;
import dev.gatehouse.gateway.testsupport.Futures;
import dev.gatehouse.infra.Ports;
import dev.gatehouse.infra.testing.GatehouseTestInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every way identity-service can fail to answer ends in {@link IdentityUnavailableException}, soon. */
@QuarkusTest
@QuarkusTestResource(value = GatehouseTestInfra.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ControlPlaneDouble.Resource.class, restrictToAnnotatedClass = false)
class IdentityClientTest {

    private static final String TOKEN = "mng_" + "0123456789abcdef".repeat(3);

    @Inject
    Vertx vertx;

    @Inject
    AuthConfig config;

    @Inject
    GatewayServiceAuth serviceAuth;

    @Test
    void nothingListening() {
        assertUnavailable("http://127.0.0.1:" + Ports.free());
    }

    @Test
    void aServerThatAcceptsButNeverAnswers() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            assertUnavailable("http://127.0.0.1:" + silent.getLocalPort());
        }
    }

    @Test
    void answersThatAreNotAnIntrospectionResult() throws IOException {
        for (String[] answer : new String[][] {
                {"500", "{\"active\":true}"},
                {"200", "not json"},
                {"200", "[]"},
                {"200", "{\"active\":\"yes\"}"},
                {"200", "{\"active\":true,\"workspace\":\"demo\",\"tokenId\":\"t\",\"kind\":\"superuser\"}"},
                {"200", "{\"active\":true,\"kind\":\"member\"}"}}) {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
            server.createContext("/", exchange -> {
                byte[] body = answer[1].getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(Integer.parseInt(answer[0]), body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            try {
                assertUnavailable("http://127.0.0.1:" + server.getAddress().getPort());
            } finally {
                server.stop(0);
            }
        }
    }

    private void assertUnavailable(String identityUrl) {
        IdentityClient client = new IdentityClient(vertx, identityUrl, config, serviceAuth);
        try {
            // introspection-timeout is 2s; a generous bound that still proves nothing hangs
            assertThrows(IdentityUnavailableException.class,
                    () -> Futures.await(client.introspect(TOKEN), Duration.ofSeconds(15)));
        } finally {
            client.close();
        }
    }
}
