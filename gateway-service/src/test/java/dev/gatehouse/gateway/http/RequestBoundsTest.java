package dev.gatehouse.gateway.http;

import dev.gatehouse.gateway.auth.RevocationEvents;
import dev.gatehouse.gateway.testsupport.ControlPlaneDouble;
import dev.gatehouse.gateway.testsupport.McpHttp;
import dev.gatehouse.gateway.testsupport.Upstreams;
import dev.gatehouse.infra.testing.GatehouseTestInfra;
import dev.gatehouse.shared.access.TokenKind;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Slow and greedy clients over raw HTTP: no body is read before the gate admits the request, an
 * admitted body must arrive in time, notification streams are capped and end with their token.
 */
@QuarkusTest
@QuarkusTestResource(value = GatehouseTestInfra.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ControlPlaneDouble.Resource.class, restrictToAnnotatedClass = false)
class RequestBoundsTest {

    private static final ControlPlaneDouble CP = ControlPlaneDouble.get();

    @TestHTTPResource("/")
    URL gateway;

    @Test
    void M4_anUnauthenticatedBodyIsRefusedBeforeItIsSent() throws IOException {
        String ws = ControlPlaneDouble.newWorkspace("slowloris");
        CP.putWorkspace(ws);
        try (Socket socket = connect()) {
            // a body of about 1 MB is announced, and none of it sent: the answer must not wait for it
            send(socket, "POST /api/gw/" + ws + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Accept: application/json, text/event-stream\r\nContent-Length: 1000000\r\n\r\n{\"jsonrpc\"");
            String answer = readHead(socket);
            assertTrue(answer.startsWith("HTTP/1.1 401"), answer);
            assertTrue(answer.toLowerCase().contains("connection: close"), "an unread body is not drained: " + answer);
        }
    }

    @Test
    void M4_aDeclaredLengthOverTheLimitIsRefusedBeforeAuthentication() throws IOException {
        String ws = ControlPlaneDouble.newWorkspace("toolarge");
        try (Socket socket = connect()) {
            send(socket, "POST /api/gw/" + ws + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Accept: application/json, text/event-stream\r\nContent-Length: 1500000\r\n\r\n");
            String answer = readHead(socket);
            assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
            assertTrue(answer.contains("application/problem+json"), answer);
        }
    }

    @Test
    void M4_anAdmittedBodyThatDoesNotArriveInTimeIsCut() throws IOException {
        String ws = ControlPlaneDouble.newWorkspace("slowbody");
        CP.putServer(ws, new ControlPlaneDouble.Server("alpha", Upstreams.of("alpha").url(), "alpha_"));
        String admin = CP.issueToken(ws, TokenKind.WORKSPACE_ADMIN, null, false, List.of());
        try (Socket socket = connect()) {
            long started = System.nanoTime();
            send(socket, "POST /api/gw/" + ws + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Authorization: Bearer " + admin + "\r\n"
                    + "Accept: application/json, text/event-stream\r\nContent-Length: 100\r\n\r\n{\"jsonrpc\"");
            String answer = readHead(socket);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
            // %test body-read-timeout is 3 s
            assertTrue(took.compareTo(Duration.ofSeconds(2)) > 0 && took.compareTo(Duration.ofSeconds(15)) < 0, took.toString());
        }
    }

    @Test
    void M4_notificationStreamsPerTokenAreCapped() throws Exception {
        String ws = ControlPlaneDouble.newWorkspace("streamcap");
        CP.putServer(ws, new ControlPlaneDouble.Server("alpha", Upstreams.of("alpha").url(), "alpha_"));
        String member = CP.issueToken(ws, TokenKind.MEMBER, "greedy", false, List.of());
        String session = McpHttp.session(ws, member, "2025-06-18");
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<HttpResponse<InputStream>> open = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                HttpResponse<InputStream> stream = openStream(client, ws, member, session);
                assertEquals(200, stream.statusCode(), "stream " + i);
                open.add(stream);
            }
            HttpResponse<InputStream> ninth = openStream(client, ws, member, session);
            assertEquals(429, ninth.statusCode());
            ninth.body().close();
            // closing one makes room again
            open.remove(0).body().close();
            HttpResponse<InputStream> again = waitForStream(client, ws, member, session);
            open.add(again);
        } finally {
            for (HttpResponse<InputStream> stream : open) {
                stream.body().close();
            }
        }
    }

    @Test
    void L4_aNotificationStreamEndsWhenItsTokenIsRevoked() throws Exception {
        String ws = ControlPlaneDouble.newWorkspace("streamrevoke");
        CP.putServer(ws, new ControlPlaneDouble.Server("alpha", Upstreams.of("alpha").url(), "alpha_"));
        String member = CP.issueToken(ws, TokenKind.MEMBER, "leaver", false, List.of());
        String other = CP.issueToken(ws, TokenKind.MEMBER, "stayer", false, List.of());
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<InputStream> leaving = openStream(client, ws, member, McpHttp.session(ws, member, "2025-06-18"));
        HttpResponse<InputStream> staying = openStream(client, ws, other, McpHttp.session(ws, other, "2025-06-18"));
        assertEquals(200, leaving.statusCode());
        assertEquals(200, staying.statusCode());
        try {
            CompletableFuture<Void> ended = CompletableFuture.runAsync(() -> drain(leaving.body()));
            CompletableFuture<Void> otherEnded = CompletableFuture.runAsync(() -> drain(staying.body()));
            CP.revoke(member);
            RevocationEvents.publish("token.revoked", ws, Map.of("tokenId", CP.tokenId(member)));
            ended.get(10, TimeUnit.SECONDS);
            Thread.sleep(500);
            assertTrue(!otherEnded.isDone(), "another token's stream stays open");
        } finally {
            leaving.body().close();
            staying.body().close();
        }
    }

    private HttpResponse<InputStream> openStream(HttpClient client, String ws, String token, String session) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.toString()).resolve("/api/gw/" + ws))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream")
                .header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-06-18")
                .timeout(Duration.ofSeconds(10)).GET().build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream()).get(15, TimeUnit.SECONDS);
    }

    /** The gateway learns of a closed stream when the connection closes: give it a moment. */
    private HttpResponse<InputStream> waitForStream(HttpClient client, String ws, String token, String session) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            HttpResponse<InputStream> stream = openStream(client, ws, token, session);
            if (stream.statusCode() == 200 || System.nanoTime() > deadline) {
                assertEquals(200, stream.statusCode());
                return stream;
            }
            stream.body().close();
            Thread.sleep(200);
        }
    }

    private static void drain(InputStream body) {
        try {
            byte[] buffer = new byte[1024];
            while (body.read(buffer) >= 0) {
                // keep-alive comments until the end
            }
        } catch (IOException e) {
            // closed: ended as well
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(gateway.getHost(), gateway.getPort());
        socket.setSoTimeout(15_000);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** The status line and headers of the answer (a read timeout fails the test). */
    private static String readHead(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }
}
