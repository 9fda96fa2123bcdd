package dev.gatehouse.gateway.upstream;

import dev.gatehouse.gateway.testsupport.ControlPlaneDouble;
import dev.gatehouse.gateway.testsupport.ControlPlaneDouble.Server;
import dev.gatehouse.gateway.testsupport.McpHttp;
import dev.gatehouse.gateway.testsupport.Upstreams;
import dev.gatehouse.infra.testing.GatehouseTestInfra;
import dev.gatehouse.infra.testing.HostileUpstream;
import dev.gatehouse.infra.testing.TestHosts;
import dev.gatehouse.shared.access.TokenKind;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.gatehouse.gateway.testsupport.McpHttp.call;
import static dev.gatehouse.gateway.testsupport.McpHttp.post;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

/**
 * A hostile upstream next to a real one: whatever the hostile one sends, the gateway reads a
 * bounded number of bytes, answers an error for that upstream only and quickly, and the real
 * upstream keeps working (H7, M4). And connections go only where the outbound policy allows, to
 * the address it checked (M1, H1).
 */
@QuarkusTest
@QuarkusTestResource(value = GatehouseTestInfra.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ControlPlaneDouble.Resource.class, restrictToAnnotatedClass = false)
class UpstreamBoundsTest {

    private static final ControlPlaneDouble CP = ControlPlaneDouble.get();
    private static final String LIST = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}";
    private static final Duration QUICK = Duration.ofSeconds(10);

    private static HostileUpstream hostile;

    @BeforeAll
    static void start() {
        hostile = HostileUpstream.start();
    }

    @AfterAll
    static void stop() {
        hostile.close();
    }

    /** A workspace with the real alpha server and one hostile server (prefix {@code h_}); answers its admin token. */
    private static String workspaceWith(String hint, Server hostileServer) {
        String ws = ControlPlaneDouble.newWorkspace(hint);
        CP.putServer(ws, new Server("alpha", Upstreams.of("alpha").url(), "alpha_"));
        CP.putServer(ws, hostileServer);
        return ws;
    }

    private static String admin(String ws) {
        return CP.issueToken(ws, TokenKind.WORKSPACE_ADMIN, null, false, List.of());
    }

    /** tools/list leaves the hostile server out and still lists alpha, quickly; alpha's calls still work. */
    private static void onlyTheHostileUpstreamFails(String ws, String token) {
        onlyTheHostileUpstreamFails(ws, token, -32001);
    }

    /** As above; {@code code} is the JSON-RPC error a call to the hostile server gets (-32001 unreachable, -32002 timeout). */
    private static void onlyTheHostileUpstreamFails(String ws, String token, int code) {
        String session = McpHttp.session(ws, token, "2025-06-18");
        long start = System.nanoTime();
        Response listed = post(ws, token, session, LIST);
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(QUICK) < 0, "answered within " + QUICK);
        listed.then().statusCode(200).body("result.tools.name", hasItems("alpha_echo", "alpha_add"))
                .body("result.tools.name.findAll { it.startsWith('h_') }", equalTo(List.of()));
        start = System.nanoTime();
        post(ws, token, session, call(2, "h_anything", "{}")).then().statusCode(200).body("error.code", equalTo(code));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(QUICK) < 0, "answered within " + QUICK);
        post(ws, token, session, call(3, "alpha_add", "{\"a\":2,\"b\":3}")).then()
                .statusCode(200).body("result.structuredContent.sum", equalTo(5));
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void H7_anEndlessSseLineFailsThatUpstreamOnly() {
        String ws = workspaceWith("h7-line", new Server("h", hostile.url("endless-sse-line"), "h_"));
        onlyTheHostileUpstreamFails(ws, admin(ws));
    }

    @Test
    void H7_anEndlessSseEventOfShortLinesFailsThatUpstreamOnly() {
        String ws = workspaceWith("h7-event", new Server("h", hostile.url("endless-sse-event"), "h_"));
        onlyTheHostileUpstreamFails(ws, admin(ws));
    }

    @Test
    void H7_aGiantJsonAnswerFailsThatUpstreamOnly() {
        String ws = workspaceWith("h7-json", new Server("h", hostile.url("giant-json"), "h_"));
        onlyTheHostileUpstreamFails(ws, admin(ws));
    }

    @Test
    void H7_aMillionToolsFailThatUpstreamOnly() {
        String ws = workspaceWith("h7-tools", new Server("h", hostile.url("million-tools"), "h_"));
        onlyTheHostileUpstreamFails(ws, admin(ws));
    }

    @Test
    void H7_aHugeBodyOnA500IsDroppedUnread() {
        String ws = workspaceWith("h7-500", new Server("h", hostile.url("huge-500"), "h_"));
        long before = hostile.bytesSent();
        onlyTheHostileUpstreamFails(ws, admin(ws));
        // the gateway reset the connection instead of reading the error page to its end
        assertTrue(hostile.bytesSent() - before < 64L * 1024 * 1024, "bytes sent: " + (hostile.bytesSent() - before));
    }

    @Test
    void M4_anInitializeThatNeverAnswersFailsThatUpstreamOnlyWithinTheInitializeTimeout() {
        String ws = workspaceWith("m4-silent", new Server("h", hostile.url("silent-initialize"), "h_"));
        onlyTheHostileUpstreamFails(ws, admin(ws), -32002);
    }

    @Test
    void M1_aNameThatResolvesToAForbiddenAddressIsRefusedAtConnectTime() {
        TestHosts.answer("rebound.test", "10.1.2.3");
        TestHosts.answer("metadata.test", "127.0.0.1", "169.254.169.254");
        String ws = workspaceWith("m1-rebind", new Server("h", "http://rebound.test:" + hostile.port() + "/default/mcp", "h_"));
        CP.putServer(ws, new Server("m", "http://metadata.test:" + hostile.port() + "/default/mcp", "m_"));
        int before = hostile.paths().size();
        String token = admin(ws);
        onlyTheHostileUpstreamFails(ws, token);
        String session = McpHttp.session(ws, token, "2025-06-18");
        post(ws, token, session, call(4, "m_ok", "{}")).then().statusCode(200).body("error.code", equalTo(-32001));
        assertEquals(before, hostile.paths().size(), "requests that reached the upstream");
    }

    @Test
    void H1_internalAddressesOutsideTheOpenedLoopbackAddressAreRefused() {
        // the tests open 127.0.0.1 only; the rest of loopback stays denied, like identity's internal port would be
        String ws = workspaceWith("h1", new Server("h", "http://127.0.0.2:" + hostile.port()
                + "/admin-token/internal/v1/workspaces/victim/admin-token", "h_"));
        CP.putServer(ws, new Server("v6", "http://[::1]:" + hostile.port() + "/admin-token/mcp", "v6_"));
        int before = hostile.paths().size();
        onlyTheHostileUpstreamFails(ws, admin(ws));
        assertEquals(before, hostile.paths().size(), "requests that reached the upstream");
    }

    @Test
    void M1_theConnectionGoesToTheCheckedAddressAndKeepsTheUrlsHost() {
        TestHosts.answer("pinned.test", "127.0.0.1");
        String ws = workspaceWith("m1-pin", new Server("h", "http://pinned.test:" + hostile.port() + "/default/mcp", "h_"));
        String token = admin(ws);
        String session = McpHttp.session(ws, token, "2025-06-18");
        post(ws, token, session, LIST).then().statusCode(200).body("result.tools.name", hasItems("alpha_echo", "h_ok"));
        assertTrue(hostile.hosts().contains("pinned.test:" + hostile.port()), "Host headers: " + hostile.hosts());
    }
}
