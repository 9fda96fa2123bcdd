package dev.gatehouse.registry;

import dev.gatehouse.infra.testing.TestJwts;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Short ways to call registry's API as a given role in tests. */
final class Api {

    private Api() {
    }

    /** A slug no other test uses. */
    static String uniqueSlug(String base) {
        return base + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static RequestSpecification as(String jwt) {
        return given().header("Authorization", "Bearer " + jwt).contentType(ContentType.JSON);
    }

    static RequestSpecification asOperator() {
        return as(TestJwts.operator());
    }

    static RequestSpecification asAdmin(String workspace) {
        return as(TestJwts.workspaceAdmin(workspace));
    }

    /** Creates a workspace as the operator and returns its slug. */
    static String createWorkspace(String base) {
        String slug = uniqueSlug(base);
        asOperator().body(Map.of("slug", slug, "name", "Team " + base)).post("/api/v1/workspaces").then().statusCode(201);
        return slug;
    }

    static String servers(String workspace) {
        return "/api/v1/workspaces/" + workspace + "/servers";
    }
}
