package dev.gatehouse.identity;

import dev.gatehouse.identity.rest.InternalApi;
import dev.gatehouse.infra.testing.TestServiceKeys;
import dev.gatehouse.shared.service.ServiceKeys;
import dev.gatehouse.shared.service.ServiceTokenIssuer;
import io.quarkus.arc.Arc;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static io.restassured.RestAssured.given;

/** Test helpers that drive identity-service through its HTTP API only. */
final class Identity {

    static final String OPERATOR_CREDENTIAL = "test-operator-credential";
    private static final Map<String, ServiceTokenIssuer> ISSUERS = new ConcurrentHashMap<>();

    private Identity() {
    }

    /** A token as its creation response returned it. */
    record Issued(String workspace, String id, String token) {
    }

    /** A fresh workspace slug, unique per test so tests never see each other's data. */
    static String newSlug() {
        return "ws-" + UUID.randomUUID().toString().substring(0, 12);
    }

    /** The bound port of the internal listener (a free one in tests). */
    static int internalPort() {
        return Arc.container().instance(InternalApi.class).get().port();
    }

    /** A service token of {@code caller} (signed with its test key) for identity. */
    static String serviceToken(String caller) {
        return ISSUERS.computeIfAbsent(caller, name -> new ServiceTokenIssuer(name,
                ServiceKeys.privateKey(TestServiceKeys.privateKey(name), name))).token("identity");
    }

    /** A request to the internal listener, as the service {@code caller} (gateway, registry or audit). */
    static RequestSpecification asService(String caller) {
        return given().port(internalPort()).header("Authorization", "Bearer " + serviceToken(caller));
    }

    /** Creates a workspace's admin token the way registry-service does. */
    static Issued newWorkspace() {
        String slug = newSlug();
        var body = asService("registry").post("/internal/v1/workspaces/{slug}/admin-token", slug)
                .then().statusCode(201).extract().jsonPath();
        return new Issued(slug, body.getString("id"), body.getString("token"));
    }

    static String operatorJwt() {
        return exchange(OPERATOR_CREDENTIAL);
    }

    /** Exchanges a credential at /api/v1/token; fails the test unless it is accepted. */
    static String exchange(String credential) {
        return given().header("Authorization", "Bearer " + credential).post("/api/v1/token")
                .then().statusCode(200).extract().path("access_token");
    }

    static RequestSpecification as(String jwt) {
        return given().auth().oauth2(jwt).contentType(ContentType.JSON);
    }

    static Issued createMember(Issued workspace, String memberId) {
        var body = as(exchange(workspace.token()))
                .body(Map.of("kind", "member", "memberId", memberId, "displayName", "Member " + memberId))
                .post("/api/v1/workspaces/{slug}/tokens", workspace.workspace())
                .then().statusCode(201).extract().jsonPath();
        return new Issued(workspace.workspace(), body.getString("id"), body.getString("token"));
    }

    /** POST /internal/v1/introspect with {@code {"token": token}} as the gateway, asserting 200. */
    static io.restassured.path.json.JsonPath introspect(String token) {
        return asService("gateway").contentType(ContentType.JSON).body(Map.of("token", token))
                .post("/internal/v1/introspect").then().statusCode(200).extract().jsonPath();
    }
}
