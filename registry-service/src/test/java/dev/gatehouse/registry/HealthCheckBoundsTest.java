package dev.gatehouse.registry;

import dev.gatehouse.infra.testing.HostileUpstream;
import dev.gatehouse.shared.event.EventEnvelope;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.gatehouse.registry.Api.asAdmin;
import static dev.gatehouse.registry.Api.createWorkspace;
import static dev.gatehouse.registry.Api.servers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

/**
 * The health check against a hostile upstream: whatever it sends, the check reads a bounded
 * number of bytes, ends in time, and records only a fixed sentence with a status code or an
 * exception class, never the upstream's words (H1, H7, L6).
 */
@QuarkusTest
@QuarkusTestResource(value = RegistryTestResources.class, restrictToAnnotatedClass = false)
class HealthCheckBoundsTest {

    private static HostileUpstream hostile;

    @BeforeAll
    static void start() {
        hostile = HostileUpstream.start();
    }

    @AfterAll
    static void stop() {
        hostile.close();
    }

    private static ValidatableResponse checkOnce(String ws, String slug, String mode, int timeoutMs) {
        asAdmin(ws).body(Map.of("slug", slug, "url", hostile.url(mode), "timeoutMs", timeoutMs)).post(servers(ws))
                .then().statusCode(201);
        long start = System.nanoTime();
        ValidatableResponse checked = asAdmin(ws).post(servers(ws) + "/" + slug + "/health-check").then().statusCode(200)
                .body("health.status", equalTo("down"))
                .body("health.toolCount", equalTo(null));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(timeoutMs + 5_000));
        return checked;
    }

    @Test
    void H7_anEndlessSseLineEndsTheCheckAtTheByteBudget() {
        String ws = createWorkspace("h7-line");
        checkOnce(ws, "line", "endless-sse-line", 20_000)
                .body("health.lastError", equalTo("an answer exceeded 4194304 bytes"))
                .body("health.latencyMs", lessThan(20_000));
    }

    @Test
    void H7_aGiantJsonAnswerEndsTheCheckAtTheByteBudget() {
        String ws = createWorkspace("h7-json");
        checkOnce(ws, "giant", "giant-json", 20_000).body("health.lastError", equalTo("an answer exceeded 4194304 bytes"));
    }

    @Test
    void H7_aMillionToolsInOnePageAreRefusedByTheByteBudget() {
        String ws = createWorkspace("h7-tools");
        checkOnce(ws, "many", "million-tools", 20_000).body("health.lastError", equalTo("an answer exceeded 4194304 bytes"));
    }

    @Test
    void H7_anInitializeThatNeverAnswersEndsAtTheTimeout() {
        String ws = createWorkspace("h7-silent");
        checkOnce(ws, "silent", "silent-initialize", 1_000).body("health.lastError", equalTo("no answer within 1000 ms"));
    }

    @Test
    void H1_lastErrorAndTheHealthEventNeverCarryTheUpstreamsWords() {
        String ws = createWorkspace("h1-words");
        checkOnce(ws, "refuses", "secret-error", 5_000).body("health.lastError", equalTo("initialize answered HTTP 401"));
        checkOnce(ws, "huge", "huge-500", 5_000).body("health.lastError", equalTo("initialize answered HTTP 500"));
        // identity's old admin-token answer: a 201 JSON body with a fresh token
        asAdmin(ws).body(Map.of("slug", "token", "url", "http://127.0.0.1:" + hostile.port() + "/admin-token/mcp"))
                .post(servers(ws)).then().statusCode(201);
        asAdmin(ws).post(servers(ws) + "/token/health-check").then().statusCode(200)
                .body("health.status", equalTo("down"))
                .body("health.lastError", equalTo("initialize was answered without a JSON-RPC response"))
                .body(not(containsString(HostileUpstream.SECRET)));
        asAdmin(ws).body(Map.of("name", "marker")).patch("/api/v1/workspaces/" + ws).then().statusCode(200);

        List<EventEnvelope> events = ActivityTopic.awaitType(ws, "workspace.updated");
        List<EventEnvelope> health = events.stream().filter(e -> e.type().equals("server.health_checked")).toList();
        assertThat(health).hasSize(3);
        assertThat(health).allSatisfy(event -> assertThat(String.valueOf(event.data()))
                .doesNotContain(HostileUpstream.SECRET).doesNotContain("unauthorized").doesNotContain("<html>"));
        assertThat(asAdmin(ws).get(servers(ws)).then().extract().asString()).doesNotContain(HostileUpstream.SECRET);
    }
}
