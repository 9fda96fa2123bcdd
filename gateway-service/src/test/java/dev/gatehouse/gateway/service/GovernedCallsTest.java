package dev.gatehouse.gateway.service;

import dev.gatehouse.gateway.testsupport.ControlPlaneDouble;
import dev.gatehouse.gateway.testsupport.ControlPlaneDouble.Server;
import dev.gatehouse.gateway.testsupport.McpHttp;
import dev.gatehouse.gateway.testsupport.Upstreams;
import dev.gatehouse.infra.testing.GatehouseTestInfra;
import dev.gatehouse.shared.access.TokenKind;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.gatehouse.gateway.testsupport.McpHttp.post;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

/** Allowlists and token kinds as a client of the MCP endpoint sees them. */
@QuarkusTest
@QuarkusTestResource(value = GatehouseTestInfra.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ControlPlaneDouble.Resource.class, restrictToAnnotatedClass = false)
class GovernedCallsTest {

    private static final ControlPlaneDouble CP = ControlPlaneDouble.get();
    private static final String WS = ControlPlaneDouble.newWorkspace("governed");
    private static final String LIST = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}";

    @BeforeAll
    static void workspace() {
        CP.putServer(WS, new Server("alpha", Upstreams.of("alpha").url(), "alpha_"));
    }

    @Test
    void withEnforcementAMemberSeesAndCallsOnlyAllowedTools() {
        String alice = CP.issueToken(WS, TokenKind.MEMBER, "alice", true, List.of("alpha:echo", "alpha:fail"));
        String session = McpHttp.session(WS, alice, "2025-06-18");
        post(WS, alice, session, LIST).then()
                .statusCode(200).body("result.tools.name", equalTo(List.of("alpha_echo", "alpha_fail")));
        post(WS, alice, session, call(2, "alpha_add", "{\"a\":1,\"b\":2}")).then()
                .statusCode(200)
                .body("id", equalTo(2))
                .body("error.code", equalTo(-32003))
                .body("error.message", equalTo("Tool not allowed for this user"));
        post(WS, alice, session, call(3, "alpha_echo", "{\"text\":\"hi\"}")).then()
                .statusCode(200).body("result.content[0].text", containsString("hi"));
    }

    @Test
    void withoutEnforcementTheSameRulesDoNotBlock() {
        String bob = CP.issueToken(WS, TokenKind.MEMBER, "bob", false, List.of("alpha:echo"));
        String session = McpHttp.session(WS, bob, "2025-06-18");
        post(WS, bob, session, LIST).then()
                .statusCode(200).body("result.tools.name", hasItems("alpha_echo", "alpha_add", "alpha_headers"));
        post(WS, bob, session, call(2, "alpha_add", "{\"a\":1,\"b\":2}")).then()
                .statusCode(200).body("result.structuredContent.sum", equalTo(3));
    }

    @Test
    void theAdminIsNeverBlockedAndAuditorsCannotUseTheGateway() {
        String admin = CP.issueToken(WS, TokenKind.WORKSPACE_ADMIN, null, true, List.of("alpha:echo"));
        String session = McpHttp.session(WS, admin, "2025-06-18");
        post(WS, admin, session, call(2, "alpha_add", "{\"a\":1,\"b\":2}")).then()
                .statusCode(200).body("result.structuredContent.sum", equalTo(3));
        String auditor = CP.issueToken(WS, TokenKind.AUDITOR, null, false, List.of());
        McpHttp.initialize(WS, auditor, "2025-06-18").then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void unknownTokensAreRefusedWith503WhileIdentityIsUnreachable() {
        String carol = CP.issueToken(WS, TokenKind.MEMBER, "carol", false, List.of());
        CP.identityDown(true);
        try {
            McpHttp.initialize(WS, carol, "2025-06-18").then()
                    .statusCode(503).contentType("application/problem+json");
        } finally {
            CP.identityDown(false);
        }
        McpHttp.initialize(WS, carol, "2025-06-18").then().statusCode(200);
    }

    static String call(int id, String tool, String arguments) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":" + arguments + "}}";
    }
}
