package dev.gatehouse.gateway.mcp.stateless;

import dev.gatehouse.gateway.auth.RevocationEvents;
import dev.gatehouse.gateway.testsupport.ControlPlaneDouble;
import dev.gatehouse.gateway.testsupport.ControlPlaneDouble.Server;
import dev.gatehouse.gateway.testsupport.McpHttp;
import dev.gatehouse.gateway.testsupport.Upstreams;
import dev.gatehouse.infra.testing.GatehouseTestInfra;
import dev.gatehouse.shared.access.TokenKind;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 2026-07-28 {@code subscriptions/listen} through the gateway, against two real Java SDK upstreams
 * (demo {@code full}, which speak 2025-11-25 and announce changes on their GET streams). The client is
 * raw HTTP built to basic/patterns/subscriptions.mdx (no SDK here speaks 2026-07-28): a POST whose
 * answer is an SSE stream that stays open, read line by line with a limit on every wait.
 */
@QuarkusTest
@QuarkusTestResource(value = GatehouseTestInfra.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ControlPlaneDouble.Resource.class, restrictToAnnotatedClass = false)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SubscriptionsListenTest {

    private static final ControlPlaneDouble CP = ControlPlaneDouble.get();
    private static final String V = "2026-07-28";
    private static final String META = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"" + V
            + "\",\"io.modelcontextprotocol/clientInfo\":{\"name\":\"raw-2026\",\"version\":\"1\"},"
            + "\"io.modelcontextprotocol/clientCapabilities\":{}}";
    private static final String SUBSCRIPTION_ID = "io.modelcontextprotocol/subscriptionId";
    private static final AtomicInteger NAMES = new AtomicInteger();

    private final String ws = ControlPlaneDouble.newWorkspace("listen");
    private final String admin;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    SubscriptionsListenTest() {
        CP.putServer(ws, new Server("one", Upstreams.full("one").url(), "one_"));
        CP.putServer(ws, new Server("two", Upstreams.full("two").url(), "two_"));
        admin = CP.issueToken(ws, TokenKind.WORKSPACE_ADMIN, null, false, List.of());
    }

    @AfterEach
    void closeStreams() {
        http.shutdownNow();
    }

    @Test
    void discoverDeclaresWhatListenServes() {
        modern(admin, "server/discover").body(request(1, "server/discover", "")).post(McpHttp.path(ws)).then()
                .statusCode(200)
                .body("result.capabilities.tools.listChanged", equalTo(true))
                .body("result.capabilities.prompts.listChanged", equalTo(true))
                .body("result.capabilities.resources.listChanged", equalTo(true))
                .body("result.capabilities.resources.subscribe", equalTo(true));
    }

    @Test
    void aStreamCarriesWhatItAskedForMarkedWithItsId() throws Exception {
        Listen counter = listen(admin, "\"listen-1\"",
                "{\"promptsListChanged\":true,\"resourceSubscriptions\":[\"demo://two/counter\",\"demo://two/counter\"]}");
        JsonPath ack = counter.next();
        assertEquals("notifications/subscriptions/acknowledged", ack.getString("method"), ack.prettify());
        assertEquals("listen-1", ack.getString("params._meta.'" + SUBSCRIPTION_ID + "'"));
        assertEquals(Map.of("promptsListChanged", true, "resourceSubscriptions", List.of("demo://two/counter")),
                ack.getMap("params.notifications"));
        Listen readme = listen(admin, "7", "{\"resourceSubscriptions\":[\"demo://one/readme\"]}");
        assertEquals(List.of("demo://one/readme"), readme.next().getList("params.notifications.resourceSubscriptions"));

        // the token's upstream session with "two" holds the subscription: the upstream reached one session
        assertEquals(1, touch("two_touch", "demo://two/counter"));
        JsonPath updated = counter.next();
        assertEquals("notifications/resources/updated", updated.getString("method"), updated.prettify());
        assertEquals("demo://two/counter", updated.getString("params.uri"));
        assertEquals("listen-1", updated.getString("params._meta.'" + SUBSCRIPTION_ID + "'"));

        // an update of a URI the first stream did not name reaches the stream that did, only
        assertEquals(1, touch("one_touch", "demo://one/readme"));
        JsonPath other = readme.next();
        assertEquals("demo://one/readme", other.getString("params.uri"));
        assertEquals(7, other.getInt("params._meta.'" + SUBSCRIPTION_ID + "'"));
        assertEquals(1, touch("two_touch", "demo://two/counter"));
        assertEquals("demo://two/counter", counter.next().getString("params.uri"), "the next message is the second update");

        // a change announced before the catalog's upstream streams are open is not replayed: change until seen
        JsonPath changed = counter.nextMatching(message -> "notifications/prompts/list_changed".equals(message.getString("method")),
                () -> callTool("two_add_prompt", "{\"name\":\"p" + NAMES.incrementAndGet() + "\"}"));
        assertEquals("listen-1", changed.getString("params._meta.'" + SUBSCRIPTION_ID + "'"));
        // the second stream asked for no list changes
        assertTrue(readme.drained().stream().noneMatch(message -> message.getString("method").contains("list_changed")));
    }

    @Test
    void aRestrictedMemberIsRefusedAUriItMayNotRead() throws Exception {
        String member = CP.issueToken(ws, TokenKind.MEMBER, "ada", true, List.of("one:resource:demo://one/readme", "one:touch"));
        modern(member, "subscriptions/listen")
                .body(listenBody(1, "{\"resourceSubscriptions\":[\"demo://one/readme\",\"demo://one/counter\"]}"))
                .post(McpHttp.path(ws)).then().statusCode(200)
                .body("error.code", equalTo(-32003))
                .body("error.message", equalTo("Resource not allowed for this user"))
                .body("error.data.uri", equalTo("demo://one/counter"));
        Listen allowed = listen(member, "2", "{\"resourceSubscriptions\":[\"demo://one/readme\"]}");
        assertEquals(List.of("demo://one/readme"), allowed.next().getList("params.notifications.resourceSubscriptions"));
    }

    @Test
    void aTokenHoldsAtMostItsCapOfStreams() throws Exception {
        String token = CP.issueToken(ws, TokenKind.WORKSPACE_ADMIN, null, false, List.of());
        List<Listen> open = new ArrayList<>();
        for (int i = 0; i < 8; i++) { // gatehouse.gateway.max-streams-per-token, shared with 2025 GET streams
            Listen stream = listen(token, String.valueOf(i), "{\"toolsListChanged\":true}");
            assertEquals("notifications/subscriptions/acknowledged", stream.next().getString("method"));
            open.add(stream);
        }
        modern(token, "subscriptions/listen").body(listenBody(9, "{\"toolsListChanged\":true}")).post(McpHttp.path(ws))
                .then().statusCode(429).header("Retry-After", "60").contentType(containsString("application/json"))
                .body("id", equalTo(9))
                .body("error.code", equalTo(-32004))
                .body("error.message", containsString("already holds 8 notification streams"));
        open.getFirst().response.body().close();
        // the slot is free again once the gateway saw the stream go
        JsonPath ack = null;
        for (int attempt = 0; attempt < 50 && ack == null; attempt++) {
            HttpResponse<java.util.stream.Stream<String>> response = post(token, listenBody(10, "{\"toolsListChanged\":true}"));
            if (response.statusCode() == 200) {
                ack = new Listen(response).next();
            } else {
                response.body().close();
                Thread.sleep(100);
            }
        }
        assertNotNull(ack, "a closed stream gives its slot back");
    }

    @Test
    void aStreamEndsWhenItsTokenIsRevoked() throws Exception {
        String member = CP.issueToken(ws, TokenKind.MEMBER, "bob", false, List.of());
        Listen stream = listen(member, "1", "{\"toolsListChanged\":true}");
        assertEquals("notifications/subscriptions/acknowledged", stream.next().getString("method"));
        CP.revoke(member);
        RevocationEvents.publish("token.revoked", ws, Map.of("tokenId", CP.tokenId(member), "kind", "member", "memberId", "bob"));
        assertTrue(stream.endsWithin(Duration.ofSeconds(10)), "the stream of a revoked token ends");
    }

    @Test
    void anAllowlistChangeReachesOnlyTheStreamsThatAskedForThatList() throws Exception {
        String member = CP.issueToken(ws, TokenKind.MEMBER, "cy", true, List.of("one:touch"));
        Listen tools = listen(member, "1", "{\"toolsListChanged\":true}");
        Listen nothing = listen(member, "2", "{}");
        assertEquals(Map.of(), nothing.next().getMap("params.notifications"));
        tools.next();
        RevocationEvents.publish("allowlist.updated", ws, Map.of("tokenId", CP.tokenId(member), "rules", List.of("one:*")));
        JsonPath changed = tools.next();
        assertEquals("notifications/tools/list_changed", changed.getString("method"), changed.prettify());
        assertEquals(1, changed.getInt("params._meta.'" + SUBSCRIPTION_ID + "'"));
        // the prompts and resources changes sent with it are not for this stream, nor anything for the other
        Thread.sleep(500);
        assertEquals(List.of(), tools.drained().stream().map(JsonPath::prettify).toList());
        assertEquals(List.of(), nothing.drained().stream().map(JsonPath::prettify).toList());
    }

    @Test
    void badInputGetsAPreciseError() {
        refused("{\"toolsListChange\":true}", 400, -32602, "Unknown notification kind: toolsListChange");
        refused("{\"toolsListChanged\":\"yes\"}", 400, -32602, "toolsListChanged must be a boolean");
        refused("{\"resourceSubscriptions\":\"demo://one/readme\"}", 400, -32602, "must be an array");
        refused("{\"resourceSubscriptions\":[\"no scheme\"]}", 400, -32602, "Not a URI: no scheme");
        refused("{\"resourceSubscriptions\":[\"relative/path\"]}", 400, -32602, "Not an absolute URI");
        refused("{\"resourceSubscriptions\":[42]}", 400, -32602, "non-empty strings");
        String many = IntStream.range(0, 65).mapToObj(i -> "\"demo://one/r" + i + "\"").collect(Collectors.joining(","));
        refused("{\"resourceSubscriptions\":[" + many + "]}", 400, -32602, "Too many resource URIs: 65 (at most 64");
        modern(admin, "subscriptions/listen").body(request(1, "subscriptions/listen", "")).post(McpHttp.path(ws)).then()
                .statusCode(400).body("error.code", equalTo(-32602)).body("error.message", containsString("params.notifications"));
        // a URI of another workspace's server: no server of this one owns it
        String elsewhere = ControlPlaneDouble.newWorkspace("listen-other");
        CP.putServer(elsewhere, new Server("three", Upstreams.full("three").url(), "three_"));
        refused("{\"resourceSubscriptions\":[\"demo://three/readme\"]}", 200, -32602, "Unknown resource: demo://three/readme");
        // the mirrored header must name the method, as for every request of the revision
        modern(admin, "tools/list").body(listenBody(1, "{}")).post(McpHttp.path(ws)).then()
                .statusCode(400).body("error.code", equalTo(-32020));
    }

    private void refused(String notifications, int status, int code, String detail) {
        modern(admin, "subscriptions/listen").body(listenBody(1, notifications)).post(McpHttp.path(ws)).then()
                .statusCode(status)
                .contentType(containsString("application/json"))
                .body("error.code", equalTo(code))
                .body("error.message", containsString(detail));
    }

    private int touch(String tool, String uri) {
        return callTool(tool, "{\"uri\":\"" + uri + "\"}").getInt("result.structuredContent.notified");
    }

    private JsonPath callTool(String tool, String arguments) {
        return modern(admin, "tools/call").header("Mcp-Name", tool)
                .body(request(99, "tools/call", "\"name\":\"" + tool + "\",\"arguments\":" + arguments + ","))
                .post(McpHttp.path(ws)).then().statusCode(200).extract().jsonPath();
    }

    private Listen listen(String token, String id, String notifications) throws Exception {
        HttpResponse<java.util.stream.Stream<String>> response = post(token, listenBody(id, notifications));
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        return new Listen(response);
    }

    private HttpResponse<java.util.stream.Stream<String>> post(String token, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port + McpHttp.path(ws)))
                .header("Authorization", "Bearer " + token).header("Accept", McpHttp.ACCEPT)
                .header("Content-Type", "application/json").header("MCP-Protocol-Version", V)
                .header("Mcp-Method", "subscriptions/listen")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofLines()).get(15, TimeUnit.SECONDS);
    }

    /** An open listen stream: its messages, read on a thread of their own, each wait limited. */
    private static final class Listen {
        private static final JsonPath END = new JsonPath("{}");
        private final HttpResponse<java.util.stream.Stream<String>> response;
        private final BlockingQueue<JsonPath> messages = new LinkedBlockingQueue<>();

        Listen(HttpResponse<java.util.stream.Stream<String>> response) {
            this.response = response;
            Thread reader = new Thread(() -> {
                try {
                    response.body().filter(line -> line.startsWith("data: ")).forEach(line -> messages.add(new JsonPath(line.substring(6))));
                } catch (RuntimeException closed) {
                    // the test closed the stream
                } finally {
                    messages.add(END);
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        JsonPath next() throws InterruptedException {
            JsonPath message = messages.poll(10, TimeUnit.SECONDS);
            assertNotNull(message, "no message within 10 s");
            assertFalse(message == END, "the stream ended");
            return message;
        }

        /** Runs {@code trigger} until a matching message arrives (at most 20 tries, 1 s each). */
        JsonPath nextMatching(Predicate<JsonPath> wanted, Runnable trigger) throws InterruptedException {
            for (int attempt = 0; attempt < 20; attempt++) {
                trigger.run();
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                JsonPath message;
                while ((message = messages.poll(until - System.nanoTime(), TimeUnit.NANOSECONDS)) != null) {
                    assertFalse(message == END, "the stream ended");
                    if (wanted.test(message)) {
                        return message;
                    }
                }
            }
            throw new AssertionError("no matching message within 20 tries");
        }

        /** What arrived so far, without waiting. */
        List<JsonPath> drained() {
            List<JsonPath> drained = new ArrayList<>();
            messages.drainTo(drained);
            drained.remove(END);
            return drained;
        }

        boolean endsWithin(Duration limit) throws InterruptedException {
            long until = System.nanoTime() + limit.toNanos();
            JsonPath message;
            while ((message = messages.poll(until - System.nanoTime(), TimeUnit.NANOSECONDS)) != null) {
                if (message == END) {
                    return true;
                }
            }
            return false;
        }
    }

    private static RequestSpecification modern(String token, String method) {
        return McpHttp.request(token).header("MCP-Protocol-Version", V).header("Mcp-Method", method);
    }

    private static String listenBody(Object id, String notifications) {
        return request(id, "subscriptions/listen", "\"notifications\":" + notifications + ",");
    }

    private static String request(Object id, String method, String params) {
        String quotedId = id instanceof String text && !text.startsWith("\"") && !text.matches("\\d+") ? "\"" + text + "\"" : String.valueOf(id);
        return "{\"jsonrpc\":\"2.0\",\"id\":" + quotedId + ",\"method\":\"" + method + "\",\"params\":{" + params + META + "}}";
    }
}
