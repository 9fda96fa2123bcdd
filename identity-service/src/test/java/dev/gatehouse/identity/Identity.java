package dev.gatehouse.identity;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Test helpers that drive identity-service through its HTTP API only. */
final class Identity {

    static final String OPERATOR_CREDENTIAL = "test-operator-credential";

    private Identity() {
    }

    /** A token as its creation response returned it. */
    record Issued(String workspace, String id, String token) {
    }

    /** A fresh workspace slug, unique per test so tests never see each other's data. */
    static String newSlug() {
        return "ws-" + UUID.randomUUID().toString().substring(0, 12);
    }

    /** Creates a workspace's admin token the way registry-service does. */
    static Issued newWorkspace() {
        String slug = newSlug();
        var body = given().post("/internal/v1/workspaces/{slug}/admin-token", slug)
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

    /** POST /internal/v1/introspect with {@code {"token": token}}, asserting 200. */
    static io.restassured.path.json.JsonPath introspect(String token) {
        return given().contentType(ContentType.JSON).body(Map.of("token", token))
                .post("/internal/v1/introspect").then().statusCode(200).extract().jsonPath();
    }
}
