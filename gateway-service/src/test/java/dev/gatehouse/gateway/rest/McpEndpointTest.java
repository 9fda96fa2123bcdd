package dev.gatehouse.gateway.rest;

import dev.gatehouse.gateway.testsupport.ControlPlaneDouble;
import dev.gatehouse.gateway.testsupport.McpHttp;
import dev.gatehouse.gateway.testsupport.Upstreams;
import dev.gatehouse.infra.testing.GatehouseTestInfra;
import dev.gatehouse.shared.access.TokenKind;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.gatehouse.gateway.testsupport.McpHttp.path;
import static dev.gatehouse.gateway.testsupport.McpHttp.post;
import static dev.gatehouse.gateway.testsupport.McpHttp.request;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

/** The MCP endpoint's HTTP and JSON-RPC rules, with raw requests a real client would never send. */
@QuarkusTest
@QuarkusTestResource(value = GatehouseTestInfra.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ControlPlaneDouble.Resource.class, restrictToAnnotatedClass = false)
class McpEndpointTest {

    private static final ControlPlaneDouble CP = ControlPlaneDouble.get();
    private static final String WS = ControlPlaneDouble.newWorkspace("endpoint");
    private static String admin;

    @BeforeEach
    void workspace() {
        if (admin == null) {
            CP.putServer(WS, new ControlPlaneDouble.Server("alpha", Upstreams.of("alpha").url(), "alpha_"));
            admin = CP.issueToken(WS, TokenKind.WORKSPACE_ADMIN, null, false, List.of());
        }
    }

    @Test
    void initializeNegotiatesTheRevisionAndIssuesASession() {
        McpHttp.initialize(WS, admin, "2025-06-18").then()
                .statusCode(200)
                .contentType("application/json")
                .header("Mcp-Session-Id", notNullValue())
                .body("id", equalTo(1))
                .body("result.protocolVersion", equalTo("2025-06-18"))
                .body("result.capabilities.tools.listChanged", equalTo(true));
        McpHttp.initialize(WS, admin, "1999-01-01").then()
                .statusCode(200)
                .body("result.protocolVersion", equalTo("2025-11-25"));
    }

    @Test
    void listsAndCallsPrefixedTools() {
        String session = McpHttp.session(WS, admin, "2025-06-18");
        post(WS, admin, session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}").then().statusCode(202);
        post(WS, admin, session, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}").then()
                .statusCode(200)
                .body("result.tools.name", hasItems("alpha_echo", "alpha_add", "alpha_list_issues", "alpha_fail"))
                .body("result.tools.find { it.name == 'alpha_add' }.outputSchema.required", equalTo(List.of("sum")));
        post(WS, admin, session, "{\"jsonrpc\":\"2.0\",\"id\":\"c1\",\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"alpha_add\",\"arguments\":{\"a\":2,\"b\":3}}}").then()
                .statusCode(200)
                .body("id", equalTo("c1"))
                .body("result.structuredContent.sum", equalTo(5));
    }
}
