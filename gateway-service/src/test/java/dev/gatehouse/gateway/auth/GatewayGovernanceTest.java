package dev.gatehouse.gateway.auth;

import dev.gatehouse.gateway.testsupport.ControlPlaneDouble;
import dev.gatehouse.gateway.testsupport.McpHttp;
import dev.gatehouse.gateway.testsupport.Upstreams;
import dev.gatehouse.infra.testing.GatehouseTestInfra;
import dev.gatehouse.shared.access.TokenKind;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.gatehouse.gateway.testsupport.McpHttp.path;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/** Who may use a workspace's MCP endpoint, and which tools, as a client sees it over HTTP. */
@QuarkusTest
@QuarkusTestResource(value = GatehouseTestInfra.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ControlPlaneDouble.Resource.class, restrictToAnnotatedClass = false)
class GatewayGovernanceTest {

    private static final ControlPlaneDouble CP = ControlPlaneDouble.get();
    private static final String WS = ControlPlaneDouble.newWorkspace("governance");
    private static final String OTHER_WS = ControlPlaneDouble.newWorkspace("governance-other");
    private static final String NOT_ALLOWED = "Tool not allowed for this user";

    @Inject
    RevocationListener revocations;

    @BeforeEach
    void workspaces() {
        CP.putServer(WS, new ControlPlaneDouble.Server("alpha", Upstreams.of("alpha").url(), "alpha_"));
        CP.putWorkspace(OTHER_WS);
    }

    @Test
    void aRequestWithoutBearerTokenIsUnauthorized() {
        for (String authorization : new String[] {null, "", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "mng_" + "a".repeat(48)}) {
            var request = given().header("Accept", McpHttp.ACCEPT).contentType("application/json");
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            request.body(ping()).post(path(WS)).then()
                    .statusCode(401)
                    .header("WWW-Authenticate", "Bearer")
                    .contentType("application/problem+json")
                    .body("status", equalTo(401));
        }
    }

    @Test
    void malformedUnknownAndRevokedTokensAreUnauthorized() {
        String revoked = CP.issueToken(WS, TokenKind.MEMBER, "mallory", false, List.of());
        CP.revoke(revoked);
        for (String token : List.of("not-a-token", "mng_" + "z".repeat(48), "mng_" + "ab".repeat(24), revoked,
                "mng_" + "a".repeat(5_000))) {
            McpHttp.initialize(WS, token, "2025-06-18").then()
                    .statusCode(401)
                    .header("WWW-Authenticate", "Bearer")
                    .contentType("application/problem+json")
                    .body(not(containsString(token)));
        }
    }

    @Test
    void aTokenOfAnotherWorkspaceIsRefusedWithoutSayingWhy() {
        String foreign = CP.issueToken(OTHER_WS, TokenKind.WORKSPACE_ADMIN, null, false, List.of());
        ValidatableResponse refused = McpHttp.initialize(WS, foreign, "2025-06-18").then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body(not(containsString(OTHER_WS)));
        // the same answer whether the workspace exists or not: nothing is revealed
        McpHttp.initialize("no-such-" + WS, foreign, "2025-06-18").then()
                .statusCode(403)
                .body("detail", equalTo(refused.extract().path("detail")));
    }

    @Test
    void anAuditorTokenCannotUseTools() {
        String auditor = CP.issueToken(WS, TokenKind.AUDITOR, null, false, List.of());
        McpHttp.initialize(WS, auditor, "2025-06-18").then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void withEnforcementAMemberCallsOnlyAllowedToolsAndSeesOnlyThem() {
        String member = CP.issueToken(WS, TokenKind.MEMBER, "alice", true, List.of("alpha:echo"));
        String session = McpHttp.session(WS, member, "2025-06-18");

        McpHttp.post(WS, member, session, call("c1", "alpha_echo", "{\"text\":\"hi\"}")).then()
                .statusCode(200)
                .body("result.content[0].text", equalTo("hi"));
        McpHttp.post(WS, member, session, call("c2", "alpha_add", "{\"a\":1,\"b\":2}")).then()
                .statusCode(200)
                .body("id", equalTo("c2"))
                .body("result", nullValue())
                .body("error.code", equalTo(-32003))
                .body("error.message", equalTo(NOT_ALLOWED));
        McpHttp.post(WS, member, session, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}").then()
                .statusCode(200)
                .body("result.tools.name", equalTo(List.of("alpha_echo")));
    }

    @Test
    void M3_withEnforcementAMemberWithoutRulesMayCallNothingAndSeesNoTools() {
        String member = CP.issueToken(WS, TokenKind.MEMBER, "nobody", true, List.of());
        String session = McpHttp.session(WS, member, "2025-06-18");
        McpHttp.post(WS, member, session, call("c1", "alpha_echo", "{\"text\":\"hi\"}")).then()
                .statusCode(200)
                .body("result", nullValue())
                .body("error.code", equalTo(-32003))
                .body("error.message", equalTo(NOT_ALLOWED));
        McpHttp.post(WS, member, session, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}").then()
                .statusCode(200)
                .body("result.tools", equalTo(List.of()));
    }

    @Test
    void M3_withoutEnforcementAMemberWithoutRulesMayCallEveryTool() {
        String member = CP.issueToken(WS, TokenKind.MEMBER, "everyone", false, List.of());
        String session = McpHttp.session(WS, member, "2025-06-18");
        McpHttp.post(WS, member, session, call("c1", "alpha_echo", "{\"text\":\"hi\"}")).then()
                .statusCode(200)
                .body("result.content[0].text", equalTo("hi"));
    }

    @Test
    void withoutEnforcementTheSameAllowlistBlocksNothing() {
        String member = CP.issueToken(WS, TokenKind.MEMBER, "bob", false, List.of("alpha:echo"));
        String session = McpHttp.session(WS, member, "2025-06-18");
        McpHttp.post(WS, member, session, call("c1", "alpha_add", "{\"a\":1,\"b\":2}")).then()
                .statusCode(200)
                .body("error", nullValue())
                .body("result.structuredContent.sum", equalTo(3));
    }

    @Test
    void theWorkspaceAdminIsAlwaysAllowed() {
        String admin = CP.issueToken(WS, TokenKind.WORKSPACE_ADMIN, null, true, List.of("alpha:echo"));
        String session = McpHttp.session(WS, admin, "2025-06-18");
        McpHttp.post(WS, admin, session, call("c1", "alpha_add", "{\"a\":20,\"b\":22}")).then()
                .statusCode(200)
                .body("error", nullValue())
                .body("result.structuredContent.sum", equalTo(42));
    }

    @Test
    void aRevokedTokenStopsWorkingWithinOneSecond() {
        await().atMost(Duration.ofSeconds(30)).until(revocations::isListening);
        String member = CP.issueToken(WS, TokenKind.MEMBER, "carol", false, List.of());
        String session = McpHttp.session(WS, member, "2025-06-18");
        McpHttp.post(WS, member, session, ping()).then().statusCode(200);

        CP.revoke(member);
        RevocationEvents.publish("token.revoked", WS, Map.of("tokenId", CP.tokenId(member), "kind", "member", "memberId", "carol"));
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50))
                .until(() -> McpHttp.post(WS, member, session, ping()).statusCode() == 401);
    }

    @Test
    void whenIdentityIsDownAnUnknownTokenGets503AndACachedOneStillWorks() {
        String cached = CP.issueToken(WS, TokenKind.MEMBER, "dave", false, List.of());
        String unseen = CP.issueToken(WS, TokenKind.MEMBER, "erin", false, List.of());
        String session = McpHttp.session(WS, cached, "2025-06-18");
        CP.identityDown(true);
        try {
            McpHttp.post(WS, cached, session, ping()).then().statusCode(200);
            McpHttp.initialize(WS, unseen, "2025-06-18").then()
                    .statusCode(503)
                    .contentType("application/problem+json")
                    .body("status", equalTo(503))
                    .body(not(containsString(unseen)));
        } finally {
            CP.identityDown(false);
        }
    }

    private static String ping() {
        return "{\"jsonrpc\":\"2.0\",\"id\":\"p\",\"method\":\"ping\"}";
    }

    private static String call(String id, String tool, String arguments) {
        return "{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":" + arguments + "}}";
    }
}
