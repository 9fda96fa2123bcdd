package dev.gatehouse.identity;

import dev.gatehouse.infra.testing.GatehouseTestInfra;
import dev.gatehouse.infra.testing.TestServiceKeys;
import dev.gatehouse.shared.service.ServiceKeys;
import dev.gatehouse.shared.service.ServiceTokenIssuer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.security.KeyPairGenerator;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static dev.gatehouse.identity.Identity.as;
import static dev.gatehouse.identity.Identity.asService;
import static dev.gatehouse.identity.Identity.exchange;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * identity's internal API: only on the internal listener, only with a service token, and per
 * endpoint only for the services that need it (introspect: gateway; admin-token endpoints:
 * registry; token liveness: registry and audit).
 */
@QuarkusTest
@QuarkusTestResource(value = GatehouseTestInfra.class, restrictToAnnotatedClass = false)
class InternalApiTest {

    private record Endpoint(String method, String path, Set<String> callers) {
    }

    private static List<Endpoint> endpoints() {
        String slug = Identity.newSlug();
        return List.of(
                new Endpoint("POST", "/internal/v1/introspect", Set.of("gateway")),
                new Endpoint("POST", "/internal/v1/workspaces/" + slug + "/admin-token", Set.of("registry")),
                new Endpoint("DELETE", "/internal/v1/workspaces/" + slug + "/tokens", Set.of("registry")),
                new Endpoint("GET", "/internal/v1/tokens/" + UUID.randomUUID(), Set.of("registry", "audit")));
    }

    @Test
    void H2_thePublicPortAnswers404ForEveryInternalPathHoweverItIsSpelled() {
        for (Endpoint endpoint : endpoints()) {
            for (String path : List.of(endpoint.path(), "/" + endpoint.path(), "/api/.." + endpoint.path(),
                    endpoint.path().replace("/internal/", "/%69nternal/"), endpoint.path().replace("/internal/", "/INTERNAL/"),
                    endpoint.path() + "/", endpoint.path().replace("/internal/", "/internal%2F"),
                    endpoint.path().replace("/internal/", "/internal;a=b/"), "/%2F" + endpoint.path().substring(1),
                    endpoint.path().replace("/v1/", "/v1;x/"))) {
                given().header("Authorization", "Bearer " + Identity.serviceToken(endpoint.callers().iterator().next()))
                        .contentType("application/json").body("{\"token\":\"x\"}")
                        .urlEncodingEnabled(false)
                        .request(endpoint.method(), path)
                        .then().statusCode(404);
            }
        }
    }

    @Test
    void H2_withoutAValidServiceTokenEveryInternalEndpointAnswers401() throws Exception {
        ServiceTokenIssuer forged = new ServiceTokenIssuer("gateway",
                KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate());
        ServiceTokenIssuer gatewayKey = new ServiceTokenIssuer("gateway",
                ServiceKeys.privateKey(TestServiceKeys.privateKey("gateway"), "gateway"));
        for (Endpoint endpoint : endpoints()) {
            for (String authorization : List.of("", "Bearer ", "Bearer not-a-token", "Basic Z2F0ZXdheTp4",
                    "Bearer " + forged.token("identity"),           // signed by a key nobody trusts
                    "Bearer " + gatewayKey.token("registry"),       // meant for another service
                    "Bearer " + Identity.exchange(Identity.OPERATOR_CREDENTIAL))) { // a management JWT is no service token
                RequestSpecification request = given().port(Identity.internalPort()).contentType("application/json")
                        .body("{\"token\":\"x\"}");
                if (!authorization.isEmpty()) {
                    request.header("Authorization", authorization);
                }
                request.request(endpoint.method(), endpoint.path())
                        .then().statusCode(401).contentType("application/problem+json")
                        .header("WWW-Authenticate", "Bearer").body("status", equalTo(401));
            }
        }
    }

    @Test
    void H2_eachInternalEndpointServesOnlyTheCallersOnItsAllowlist() {
        for (Endpoint endpoint : endpoints()) {
            for (String caller : List.of("gateway", "registry", "audit")) {
                var answer = asService(caller).contentType("application/json").body("{\"token\":\"x\"}")
                        .request(endpoint.method(), endpoint.path()).then();
                if (endpoint.callers().contains(caller)) {
                    answer.statusCode(anyOf(is(200), is(201), is(204)));
                } else {
                    answer.statusCode(403).contentType("application/problem+json").body("status", equalTo(403));
                }
            }
        }
        // an internal path nobody is allowed to call is closed, not open
        asService("gateway").get("/internal/v1/anything").then().statusCode(403);
        // a path the REST layer could split differently from the allowlist is refused, not interpreted
        for (String path : List.of("/internal/v1%2Fintrospect", "/internal/v1/tokens/x%2F..%2F..%2Fintrospect",
                "/internal;a=b/v1/introspect", "/internal/v1;x/introspect")) {
            asService("gateway").urlEncodingEnabled(false).contentType("application/json").body("{\"token\":\"x\"}")
                    .post(path).then().statusCode(404);
        }
    }

    @Test
    void H2_theInternalListenerKeepsTheBodyLimitAndTheProblemAnswers() {
        // 256 KiB max-body-size holds on the second listener too
        asService("gateway").contentType("application/json").body("{\"token\":\"" + "a".repeat(300_000) + "\"}")
                .post("/internal/v1/introspect").then().statusCode(413);
        asService("gateway").contentType("application/json").body("{\"token\": ")
                .post("/internal/v1/introspect").then().statusCode(400).contentType("application/problem+json");
        // the rest of the API answers there as on the public port (the JWKS is fetched there)
        given().port(Identity.internalPort()).get("/.well-known/jwks.json").then().statusCode(200);
    }

    @Test
    void M2_tokenLivenessSaysWhetherTheTokenBehindAJwtIsStillActive() {
        Identity.Issued ws = Identity.newWorkspace();
        Identity.Issued alice = Identity.createMember(ws, "alice");
        asService("audit").get("/internal/v1/tokens/{id}", ws.id()).then().statusCode(200)
                .body("active", equalTo(true)).body("workspace", equalTo(ws.workspace()))
                .body("kind", equalTo("workspace-admin"));
        asService("registry").get("/internal/v1/tokens/{id}", alice.id()).then().statusCode(200)
                .body("active", equalTo(true)).body("kind", equalTo("member"));

        String jwt = exchange(ws.token());
        as(jwt).post("/api/v1/workspaces/{s}/tokens/admin/rotate", ws.workspace()).then().statusCode(201);
        as(exchange(Identity.OPERATOR_CREDENTIAL)).delete("/api/v1/workspaces/{s}/tokens/{id}", ws.workspace(), alice.id())
                .then().statusCode(204);
        for (String id : List.of(ws.id(), alice.id(), UUID.randomUUID().toString(), "not-a-uuid")) {
            assertEquals("{\"active\":false}", asService("registry").get("/internal/v1/tokens/{id}", id)
                    .then().statusCode(200).extract().asString().replace(" ", ""));
        }
    }

    @Test
    void M2_aJwtNamesTheServicesItIsForAndLivesFiveMinutes() throws Exception {
        Identity.Issued ws = Identity.newWorkspace();
        var defaults = TokenClaims.of(exchange(ws.token()));
        assertEquals(Set.of("gatehouse-registry", "gatehouse-identity", "gatehouse-audit"), Set.copyOf(defaults.audiences()));
        assertEquals(300, defaults.lifetimeSeconds());

        String forAudit = given().header("Authorization", "Bearer " + ws.token())
                .queryParam("audience", "audit").post("/api/v1/token")
                .then().statusCode(200).extract().path("access_token");
        assertEquals(List.of("gatehouse-audit"), TokenClaims.of(forAudit).audiences());
        String both = given().header("Authorization", "Bearer " + ws.token())
                .queryParam("audience", "registry,identity").post("/api/v1/token")
                .then().statusCode(200).extract().path("access_token");
        assertEquals(Set.of("gatehouse-registry", "gatehouse-identity"), Set.copyOf(TokenClaims.of(both).audiences()));

        // identity accepts only JWTs meant for identity
        as(forAudit).get("/api/v1/workspaces/{s}/tokens", ws.workspace()).then().statusCode(401);
        as(both).get("/api/v1/workspaces/{s}/tokens", ws.workspace()).then().statusCode(200);

        given().header("Authorization", "Bearer " + ws.token()).queryParam("audience", "gateway").post("/api/v1/token")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("audience"));
        assertNotEquals(forAudit, both);
    }

    /** The claims of a JWT, read without verifying (identity verified it already). */
    private record TokenClaims(List<String> audiences, long lifetimeSeconds) {
        static TokenClaims of(String jwt) throws Exception {
            var claims = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                    java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
            List<String> aud = new java.util.ArrayList<>();
            var node = claims.get("aud");
            if (node.isTextual()) {
                aud.add(node.asText());     // one audience is a string, several an array (RFC 7519)
            } else {
                node.forEach(value -> aud.add(value.asText()));
            }
            return new TokenClaims(aud, claims.get("exp").asLong() - claims.get("iat").asLong());
        }
    }
}
