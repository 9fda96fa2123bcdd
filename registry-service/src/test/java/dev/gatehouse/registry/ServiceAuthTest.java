package dev.gatehouse.registry;

import dev.gatehouse.infra.testing.TestJwts;
import dev.gatehouse.infra.testing.TestServiceKeys;
import dev.gatehouse.shared.service.ServiceKeys;
import dev.gatehouse.shared.service.ServiceTokenIssuer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.security.KeyPairGenerator;
import java.util.List;
import java.util.Map;

import static dev.gatehouse.registry.Api.as;
import static dev.gatehouse.registry.Api.asOperator;
import static dev.gatehouse.registry.Api.servers;
import static dev.gatehouse.registry.Api.uniqueSlug;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/**
 * Service authentication around the registry: the gateway's routing view (it carries upstream
 * credentials) only on the internal port, only to the gateway (H2); and management JWTs only
 * while the token they were issued for is active and only when meant for the registry (M2).
 */
@QuarkusTest
@QuarkusTestResource(value = RegistryTestResources.class, restrictToAnnotatedClass = false)
class ServiceAuthTest {

    @Test
    void H2_theRoutingViewIsServedOnlyOnTheInternalPortAndOnlyWithTheGatewaysServiceToken() throws Exception {
        String ws = Api.createWorkspace("svcauth");
        String routing = "/internal/v1/workspaces/" + ws + "/routing";
        InternalCalls.asGateway().get(routing).then().statusCode(200).body("workspace", equalTo(ws));

        // the public port has no /internal, whatever the token and the spelling
        for (String path : List.of(routing, "/" + routing, "/api/.." + routing, routing.replace("/internal/", "/%69nternal/"))) {
            given().urlEncodingEnabled(false).header("Authorization", "Bearer " + InternalCalls.gatewayToken())
                    .get(path).then().statusCode(404);
        }
        // the internal port needs the gateway's token, for the registry
        ServiceTokenIssuer forged = new ServiceTokenIssuer("gateway",
                KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate());
        ServiceTokenIssuer gatewayForIdentity = new ServiceTokenIssuer("gateway",
                ServiceKeys.privateKey(TestServiceKeys.privateKey("gateway"), "gateway"));
        ServiceTokenIssuer audit = new ServiceTokenIssuer("audit",
                ServiceKeys.privateKey(TestServiceKeys.privateKey("audit"), "audit"));
        for (String authorization : List.of("Bearer nope", "Bearer " + forged.token("registry"),
                "Bearer " + gatewayForIdentity.token("identity"), "Bearer " + audit.token("registry"),
                "Bearer " + TestJwts.operator())) {
            given().port(InternalCalls.port()).header("Authorization", authorization).get(routing)
                    .then().statusCode(401).contentType("application/problem+json").header("WWW-Authenticate", "Bearer");
        }
        given().port(InternalCalls.port()).get(routing).then().statusCode(401);
        // an internal path with no allowlist entry is closed
        InternalCalls.asGateway().get("/internal/v1/workspaces/" + ws + "/servers").then().statusCode(403);
    }

    @Test
    void H2_registryCallsIdentityOnlyWithItsServiceToken() {
        // the stand-in, like identity, refuses calls without registry's token: creation works only with it
        String ws = Api.createWorkspace("svc-out");
        asOperator().delete("/api/v1/workspaces/" + ws).then().statusCode(204);
        org.assertj.core.api.Assertions.assertThat(IdentityStandInClient.calls()).contains("POST " + ws, "DELETE " + ws);
        given().post(IdentityStandInClient.url() + "/internal/v1/workspaces/" + uniqueSlug("x") + "/admin-token")
                .then().statusCode(401);
    }

    @Test
    void H1_identityNeverReplacesAnActiveAdminTokenSoCreationIs409AndNothingIsStored() {
        String ws = uniqueSlug("half-done");
        IdentityStandInClient.activeAdmin(ws);
        asOperator().body(Map.of("slug", ws)).post("/api/v1/workspaces")
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", equalTo("identity-service still holds an active admin token for workspace '" + ws
                        + "' (an earlier creation was not undone); nothing was changed."));
        asOperator().get("/api/v1/workspaces/" + ws).then().statusCode(404);
        // nothing was claimed: once identity's token is revoked, the slug can be created
        given().header("Authorization", "Bearer " + registryToken())
                .delete(IdentityStandInClient.url() + "/internal/v1/workspaces/" + ws + "/tokens").then().statusCode(204);
        asOperator().body(Map.of("slug", ws)).post("/api/v1/workspaces").then().statusCode(201);
    }

    private static String registryToken() {
        return new ServiceTokenIssuer("registry", ServiceKeys.privateKey(TestServiceKeys.privateKey("registry"), "registry"))
                .token("identity");
    }

    @Test
    void M2_aRotatedOrRevokedAdminTokensJwtIsRefusedAtOnce() {
        String ws = uniqueSlug("rotated");
        String adminTokenId = asOperator().body(Map.of("slug", ws)).post("/api/v1/workspaces")
                .then().statusCode(201).extract().path("adminTokenId");
        String jwt = TestJwts.forToken("workspace-admin", ws, adminTokenId);
        as(jwt).get(servers(ws)).then().statusCode(200);

        IdentityStandInClient.revoke(adminTokenId);      // what identity reports once the admin token is rotated

        as(jwt).get(servers(ws)).then().statusCode(401).contentType("application/problem+json");
        as(jwt).body(Map.of("slug", "evil", "url", "https://example.com/mcp")).post(servers(ws)).then().statusCode(401);
        as(jwt).delete("/api/v1/workspaces/" + ws).then().statusCode(401);
        asOperator().get("/api/v1/workspaces/" + ws).then().statusCode(200);
    }

    @Test
    void M2_whenIdentityCannotSayWhetherTheTokenIsActiveTheCallIsRefused() {
        String ws = Api.createWorkspace("liveness-down");
        IdentityStandInClient.livenessDown(true);
        try {
            Api.asAdmin(ws).get(servers(ws)).then().statusCode(503).contentType("application/problem+json");
        } finally {
            IdentityStandInClient.livenessDown(false);
        }
        Api.asAdmin(ws).get(servers(ws)).then().statusCode(200);
    }

    @Test
    void M2_aJwtMeantForAnotherServiceIsRefused() {
        String ws = Api.createWorkspace("audience");
        as(TestJwts.workspaceAdminFor(ws, "gatehouse-audit")).get(servers(ws)).then().statusCode(401);
        as(TestJwts.workspaceAdminFor(ws, "gatehouse-identity,gatehouse-audit")).get(servers(ws)).then().statusCode(401);
        as(TestJwts.workspaceAdminFor(ws, "gatehouse-registry")).get(servers(ws)).then().statusCode(200);
        as(TestJwts.workspaceAdminFor(ws, "gatehouse-audit,gatehouse-registry")).get(servers(ws)).then().statusCode(200);
    }

    @Test
    void M7_aDeletedWorkspacesSlugIsNeverReused() {
        String ws = Api.createWorkspace("tomb");
        asOperator().delete("/api/v1/workspaces/" + ws).then().statusCode(204);
        asOperator().body(Map.of("slug", ws, "name", "Another team")).post("/api/v1/workspaces")
                .then().statusCode(409).contentType("application/problem+json")
                .body("status", equalTo(409))
                .body("detail", equalTo("Workspace slug '" + ws + "' belonged to a deleted workspace and is never reused"
                        + " (its audit trail and tokens stay that workspace's); choose another slug."));
        asOperator().get("/api/v1/workspaces/" + ws).then().statusCode(404);
        // identity was asked for no new admin token for it
        org.assertj.core.api.Assertions.assertThat(IdentityStandInClient.calls().stream()
                .filter(call -> call.equals("POST " + ws)).count()).isEqualTo(1);
        // a live workspace's slug is still a plain duplicate
        String live = Api.createWorkspace("live");
        asOperator().body(Map.of("slug", live)).post("/api/v1/workspaces").then().statusCode(409)
                .body("detail", equalTo("Workspace '" + live + "' already exists."));
    }
}
