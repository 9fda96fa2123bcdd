package dev.gatehouse.gateway.auth;

import dev.gatehouse.gateway.testsupport.ControlPlaneDouble;
import dev.gatehouse.gateway.testsupport.McpHttp;
import dev.gatehouse.gateway.testsupport.Upstreams;
import dev.gatehouse.infra.testing.GatehouseTestInfra;
import dev.gatehouse.shared.access.TokenKind;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway proves who it is on every call to identity (introspection) and the registry (routing
 * view): the control-plane double, like the real services, answers 401 to anything else.
 */
@QuarkusTest
@QuarkusTestResource(value = GatehouseTestInfra.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ControlPlaneDouble.Resource.class, restrictToAnnotatedClass = false)
class ServiceTokensTest {

    private static final ControlPlaneDouble CP = ControlPlaneDouble.get();

    @Test
    void H2_theGatewaysCallsToIdentityAndTheRegistryCarryItsServiceToken() {
        String ws = ControlPlaneDouble.newWorkspace("service-tokens");
        CP.putServer(ws, new ControlPlaneDouble.Server("alpha", Upstreams.of("alpha").url(), "alpha_"));
        String member = CP.issueToken(ws, TokenKind.MEMBER, "alice", false, List.of());
        int introspections = CP.introspections();
        int routings = CP.routingRequests();
        int refused = CP.unauthenticatedCalls();

        McpHttp.initialize(ws, member, "2025-06-18").then().statusCode(200);

        assertTrue(CP.introspections() > introspections, "the gateway asked identity");
        assertTrue(CP.routingRequests() > routings, "the gateway asked the registry");
        assertEquals(refused, CP.unauthenticatedCalls(), "every call carried a valid service token");
        // the double itself refuses a call without one
        given().contentType("application/json").body("{\"token\":\"" + member + "\"}")
                .post(CP.url() + "/internal/v1/introspect").then().statusCode(401);
        given().get(CP.url() + "/internal/v1/workspaces/" + ws + "/routing").then().statusCode(401);
    }
}
