package dev.gatehouse.registry;

import dev.gatehouse.infra.testing.TestJwts;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.gatehouse.registry.Api.asAdmin;
import static dev.gatehouse.registry.Api.asOperator;
import static dev.gatehouse.registry.Api.createWorkspace;
import static dev.gatehouse.registry.Api.servers;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/** Malformed, oversized, missing and hostile input: a precise 4xx problem+json, never a 500 or a stack trace. */
@QuarkusTest
@QuarkusTestResource(value = RegistryTestResources.class, restrictToAnnotatedClass = false)
class HostileInputTest {

    @Test
    void noTokenIs401WithAChallenge() {
        given().get("/api/v1/workspaces").then().statusCode(401)
                .header("WWW-Authenticate", "Bearer")
                .contentType("application/problem+json")
                .body("status", equalTo(401));
        given().contentType(ContentType.JSON).body(Map.of("slug", "sneaky")).post("/api/v1/workspaces").then().statusCode(401);
    }

    @Test
    void badTokensAre401() {
        String ws = createWorkspace("jwt");
        String[] admin = TestJwts.workspaceAdmin(ws).split("\\.");
        String[] operator = TestJwts.operator().split("\\.");
        // the operator's claims under the admin's signature: an escalation attempt
        String forged = admin[0] + "." + operator[1] + "." + admin[2];
        String unsigned = admin[0] + "." + operator[1] + ".";
        for (String token : new String[]{"garbage", "a.b.c", TestJwts.expiredWorkspaceAdmin(ws), forged, unsigned}) {
            given().header("Authorization", "Bearer " + token).get("/api/v1/workspaces/" + ws)
                    .then().statusCode(401).contentType("application/problem+json");
        }
        given().header("Authorization", "Basic dXNlcjpwdw==").get("/api/v1/workspaces/" + ws).then().statusCode(401);
        given().header("Authorization", "Bearer " + forged).get("/api/v1/workspaces").then().statusCode(401);
    }

    @Test
    void malformedJsonIs400() {
        asOperator().body("{\"slug\": \"abc\"").post("/api/v1/workspaces")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("not valid JSON"))
                .body(not(containsString("at com.")));
        asOperator().body("{slug: abc}").post("/api/v1/workspaces").then().statusCode(400).contentType("application/problem+json");
        asOperator().body("\"just a string\"").post("/api/v1/workspaces").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void missingBodyIs400() {
        asOperator().post("/api/v1/workspaces").then().statusCode(400).contentType("application/problem+json");
        String ws = createWorkspace("nobody");
        asAdmin(ws).post(servers(ws)).then().statusCode(400).contentType("application/problem+json");
        asAdmin(ws).body("null").post(servers(ws)).then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void unknownFieldsAre400() {
        asOperator().body(Map.of("slug", Api.uniqueSlug("u"), "owner", "me")).post("/api/v1/workspaces")
                .then().statusCode(400).body("errors.field", hasItem("owner"));
    }

    @Test
    void wrongContentTypeIs415() {
        given().header("Authorization", "Bearer " + TestJwts.operator()).contentType(ContentType.TEXT)
                .body("slug=abc").post("/api/v1/workspaces")
                .then().statusCode(415).contentType("application/problem+json").body("status", equalTo(415));
        given().header("Authorization", "Bearer " + TestJwts.operator()).contentType(ContentType.XML)
                .body("<slug>abc</slug>").post("/api/v1/workspaces").then().statusCode(415);
    }

    @Test
    void oversizedBodyIs413() {
        String huge = "{\"slug\":\"big\",\"name\":\"" + "x".repeat(100_000) + "\"}";
        // Expect: 100-continue, as curl sends for large bodies: the 413 comes before the body is
        // sent. Without it, the server closing on an unread body can reset the connection first.
        asOperator().header("Expect", "100-continue").body(huge).post("/api/v1/workspaces")
                .then().statusCode(413).contentType("application/problem+json").body("status", equalTo(413));
        asOperator().get("/api/v1/workspaces/big").then().statusCode(404);
    }

    @Test
    void unknownPathsAndMethodsAreProblems() {
        asOperator().get("/api/v1/nothing-here").then().statusCode(404).contentType("application/problem+json");
        asOperator().body(Map.of("name", "x")).post("/api/v1/workspaces/some-ws").then().statusCode(405)
                .contentType("application/problem+json");
    }

    @Test
    void hostileSlugsInPathsAreJust404() {
        asOperator().get("/api/v1/workspaces/' or 1=1 --").then().statusCode(404).contentType("application/problem+json");
        asOperator().get("/api/v1/workspaces/%2e%2e%2f").then().statusCode(404);
        given().get("/internal/v1/workspaces/' or '1'='1/routing").then().statusCode(404);
    }
}
