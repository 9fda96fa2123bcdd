package dev.gatehouse.gateway.catalog;

import dev.gatehouse.gateway.testsupport.ControlPlaneDouble;
import dev.gatehouse.gateway.testsupport.ControlPlaneDouble.Server;
import dev.gatehouse.gateway.testsupport.McpHttp;
import dev.gatehouse.gateway.testsupport.Upstreams;
import dev.gatehouse.infra.testing.GatehouseTestInfra;
import dev.gatehouse.shared.access.TokenKind;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.gatehouse.gateway.testsupport.McpHttp.post;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;

/** A server without a prefix cannot shadow another server's tools: names follow the routing rule (M5). */
@QuarkusTest
@QuarkusTestResource(value = GatehouseTestInfra.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ControlPlaneDouble.Resource.class, restrictToAnnotatedClass = false)
class ToolShadowingTest {

    private static final ControlPlaneDouble CP = ControlPlaneDouble.get();

    @Test
    void M5_aToolOfTheUnprefixedServerThatAnotherPrefixClaimsIsLeftOut() {
        String ws = ControlPlaneDouble.newWorkspace("m5");
        // "aaa" sorts first and has no prefix; its list_issues would shadow the list_ server's names
        CP.putServer(ws, new Server("aaa", Upstreams.of("alpha").url(), ""));
        CP.putServer(ws, new Server("lists", Upstreams.of("beta").url(), "list_"));
        String token = CP.issueToken(ws, TokenKind.WORKSPACE_ADMIN, null, false, List.of());
        String session = McpHttp.session(ws, token, "2025-06-18");
        post(ws, token, session, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}").then()
                .statusCode(200)
                .body("result.tools.name", hasItems("echo", "add", "list_echo", "list_get_dashboard"))
                .body("result.tools.name", not(hasItem("list_issues")));
    }
}
