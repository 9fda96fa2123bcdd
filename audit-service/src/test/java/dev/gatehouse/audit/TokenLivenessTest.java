package dev.gatehouse.audit;

import dev.gatehouse.infra.testing.GatehouseTestInfra;
import dev.gatehouse.infra.testing.TestJwts;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A management JWT reads the trail only while the token it was issued for is active at identity
 * and only when it is meant for audit (M2).
 */
@QuarkusTest
@QuarkusTestResource(value = GatehouseTestInfra.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = IdentityStandIn.class, restrictToAnnotatedClass = false)
class TokenLivenessTest {

    private static String identity() {
        return ConfigProvider.getConfig().getValue("gatehouse.identity.url", String.class);
    }

    private static String events(String workspace) {
        return "/api/v1/workspaces/" + workspace + "/audit/events";
    }

    @Test
    void M2_aRotatedAdminTokensJwtCannotReadOrExportTheTrailAnyMore() {
        String workspace = TestSupport.workspace("rotated");
        String adminTokenId = UUID.randomUUID().toString();
        String jwt = TestJwts.forToken("workspace-admin", workspace, adminTokenId);
        String auditor = TestJwts.auditor(workspace);
        int refusedBefore = refused();
        given().auth().oauth2(jwt).get(events(workspace)).then().statusCode(200);

        given().post(identity() + "/_standin/revoke/" + adminTokenId).then().statusCode(204);   // identity rotated it

        given().auth().oauth2(jwt).get(events(workspace)).then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(jwt).get("/api/v1/workspaces/" + workspace + "/audit/export").then().statusCode(401);
        given().auth().oauth2(jwt).get("/api/v1/workspaces/" + workspace + "/audit/verify").then().statusCode(401);
        // another, still active token of the workspace reads on
        given().auth().oauth2(auditor).get(events(workspace)).then().statusCode(200);
        // audit proved who it is on every question
        assertEquals(refusedBefore, refused());
    }

    @Test
    void M2_aJwtMeantForAnotherServiceIsRefused() {
        String workspace = TestSupport.workspace("aud");
        given().auth().oauth2(TestJwts.workspaceAdminFor(workspace, "gatehouse-registry")).get(events(workspace))
                .then().statusCode(401);
        given().auth().oauth2(TestJwts.workspaceAdminFor(workspace, "gatehouse-registry,gatehouse-identity"))
                .get(events(workspace)).then().statusCode(401);
        given().auth().oauth2(TestJwts.workspaceAdminFor(workspace, "gatehouse-audit")).get(events(workspace))
                .then().statusCode(200);
    }

    @Test
    void M2_aWorkspaceJwtWithoutATokenIdIsRefused() {
        String workspace = TestSupport.workspace("no-tid");
        given().auth().oauth2(TestJwts.sign(java.util.Map.of("sub", "someone", "groups", "auditor", "workspace", workspace),
                java.time.Duration.ofMinutes(5))).get(events(workspace)).then().statusCode(401);
    }

    private static int refused() {
        return Integer.parseInt(given().get(identity() + "/_standin/refused").then().statusCode(200).extract().asString());
    }
}
