package dev.gatehouse.gateway.mcp.tools;

import dev.gatehouse.gateway.testsupport.ControlPlaneDouble;
import dev.gatehouse.gateway.testsupport.ControlPlaneDouble.Server;
import dev.gatehouse.gateway.testsupport.McpHttp;
import dev.gatehouse.gateway.testsupport.Upstreams;
import dev.gatehouse.gateway.upstream.UpstreamSessions;
import dev.gatehouse.infra.DemoMcpServer;
import dev.gatehouse.infra.testing.GatehouseTestInfra;
import dev.gatehouse.shared.access.TokenKind;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static dev.gatehouse.gateway.testsupport.McpHttp.call;
import static dev.gatehouse.gateway.testsupport.McpHttp.post;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

/** Dead, slow and restarted upstreams, and a replica that never saw the session before. */
@QuarkusTest
@QuarkusTestResource(value = GatehouseTestInfra.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ControlPlaneDouble.Resource.class, restrictToAnnotatedClass = false)
class UpstreamFailuresTest {

    private static final ControlPlaneDouble CP = ControlPlaneDouble.get();
    private static final String LIST = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}";

    @Inject
    UpstreamSessions upstreamSessions;

    @Test
    void aDeadServerIsLeftOutOfTheListAndItsCallsFailThenTheBreakerOpens() {
        String ws = ControlPlaneDouble.newWorkspace("dead");
        CP.putServer(ws, new Server("alpha", Upstreams.of("alpha").url(), "alpha_"));
        CP.putServer(ws, new Server("down", Upstreams.down(), "down_"));
        String token = CP.issueToken(ws, TokenKind.WORKSPACE_ADMIN, null, false, List.of());
        String session = McpHttp.session(ws, token, "2025-06-18");
        post(ws, token, session, LIST).then()
                .statusCode(200)
                .body("result.tools.name", hasItems("alpha_echo", "alpha_add"))
                .body("result.tools.name.findAll { it.startsWith('down_') }", equalTo(List.of()));
        for (int i = 0; i < 5; i++) {
            post(ws, token, session, call(10 + i, "down_anything", "{}")).then()
                    .statusCode(200).body("error.code", equalTo(-32001));
        }
        post(ws, token, session, call(20, "down_anything", "{}")).then()
                .statusCode(200).body("error.code", equalTo(-32005));
        post(ws, token, session, call(21, "alpha_add", "{\"a\":1,\"b\":1}")).then()
                .statusCode(200).body("result.structuredContent.sum", equalTo(2));
    }

    @Test
    void aCallOverTheServersTimeoutIsCancelledAndAnsweredWithTheTimeoutCode() {
        String ws = ControlPlaneDouble.newWorkspace("slow");
        CP.putServer(ws, new Server("slow", Upstreams.of("slow").url(), "slow_").withTimeoutMs(500));
        String token = CP.issueToken(ws, TokenKind.WORKSPACE_ADMIN, null, false, List.of());
        String session = McpHttp.session(ws, token, "2025-06-18");
        post(ws, token, session, call(2, "slow_sleep", "{\"ms\":10000}")).then()
                .statusCode(200).body("id", equalTo(2)).body("error.code", equalTo(-32002));
        post(ws, token, session, call(3, "slow_sleep", "{\"ms\":10}")).then()
                .statusCode(200).body("result.content[0].text", equalTo("slept 10 ms"));
    }

    @Test
    void aRestartedUpstreamThatForgotItsSessionsIsReinitializedTransparently() {
        try (DemoMcpServer own = DemoMcpServer.start("alpha", 0, Path.of("target", "upstreams", "alpha-restart.log"))) {
            String ws = ControlPlaneDouble.newWorkspace("restart");
            CP.putServer(ws, new Server("own", own.url(), "own_"));
            String token = CP.issueToken(ws, TokenKind.WORKSPACE_ADMIN, null, false, List.of());
            String session = McpHttp.session(ws, token, "2025-06-18");
            post(ws, token, session, call(2, "own_add", "{\"a\":1,\"b\":2}")).then()
                    .statusCode(200).body("result.structuredContent.sum", equalTo(3));
            own.stop();
            own.start();
            post(ws, token, session, call(3, "own_add", "{\"a\":2,\"b\":2}")).then()
                    .statusCode(200).body("result.structuredContent.sum", equalTo(4));
        }
    }

    @Test
    void whileTheRegistryIsDownTheLastRoutingKeepsServingAndUnseenWorkspacesGet503() throws InterruptedException {
        String ws = ControlPlaneDouble.newWorkspace("registry");
        CP.putServer(ws, new Server("alpha", Upstreams.of("alpha").url(), "alpha_"));
        String token = CP.issueToken(ws, TokenKind.WORKSPACE_ADMIN, null, false, List.of());
        String session = McpHttp.session(ws, token, "2025-06-18");
        String unseen = ControlPlaneDouble.newWorkspace("unseen");
        String unseenToken = CP.issueToken(unseen, TokenKind.WORKSPACE_ADMIN, null, false, List.of());
        CP.putWorkspace(unseen);
        CP.registryDown(true);
        try {
            Thread.sleep(1000); // older than routing-revalidate-after (500ms in tests): the next request asks the registry
            post(ws, token, session, call(2, "alpha_add", "{\"a\":1,\"b\":2}")).then()
                    .statusCode(200).body("result.structuredContent.sum", equalTo(3));
            McpHttp.initialize(unseen, unseenToken, "2025-06-18").then()
                    .statusCode(503).contentType("application/problem+json");
        } finally {
            CP.registryDown(false);
        }
        McpHttp.initialize(unseen, unseenToken, "2025-06-18").then().statusCode(200);
    }

    @Test
    void aSessionKeepsWorkingWhenThisReplicaForgetsEverythingItHeld() {
        // Stands in for "a second gateway instance serves a session begun on the first": the session
        // lives in its sealed id, and upstream sessions are rebuilt on demand.
        String ws = ControlPlaneDouble.newWorkspace("replica");
        CP.putServer(ws, new Server("alpha", Upstreams.of("alpha").url(), "alpha_"));
        String token = CP.issueToken(ws, TokenKind.WORKSPACE_ADMIN, null, false, List.of());
        String session = McpHttp.session(ws, token, "2025-06-18");
        post(ws, token, session, call(2, "alpha_add", "{\"a\":1,\"b\":2}")).then().statusCode(200);
        upstreamSessions.forgetAll();
        post(ws, token, session, call(3, "alpha_add", "{\"a\":5,\"b\":5}")).then()
                .statusCode(200).body("result.structuredContent.sum", equalTo(10));
        post(ws, token, session, LIST).then().statusCode(200).body("result.tools.name", hasItems("alpha_echo", "alpha_add"));
    }
}
