package dev.gatehouse.audit;

import dev.gatehouse.infra.testing.GatehouseTestInfra;
import dev.gatehouse.infra.testing.TestJwts;
import dev.gatehouse.shared.event.EventEnvelope;
import dev.gatehouse.shared.event.Topics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The gateway's event types beside {@code tool.called} (issue 13): prompts, resource reads and
 * relayed server-to-client requests travel the real Kafka topic, land in the same chain as tool
 * calls, and are found over REST by type, server, status and name.
 */
@QuarkusTest
@QuarkusTestResource(value = GatehouseTestInfra.class, restrictToAnnotatedClass = false)
class GatewayEventTypesTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Test
    void promptResourceAndServerRequestEventsAreStoredChainedAndFilterable() throws Exception {
        String workspace = TestSupport.workspace("kinds");
        List<EventEnvelope> published = List.of(
                TestSupport.toolCall(workspace, "demo", "echo", "ok", 5, "alice"),
                event(workspace, "prompt.retrieved", "prompt", "code_review", "ok", 7, "alice"),
                event(workspace, "prompt.retrieved", "prompt", "secret_plan", "blocked", 0, "bob"),
                event(workspace, "resource.read", "uri", "file:///docs/readme.md", "ok", 9, "alice"),
                event(workspace, "server_request.relayed", "method", "sampling/createMessage", "ok", 1200, "alice"));
        for (EventEnvelope event : published) {
            TestSupport.publish(Topics.TOOL_CALLS, event);
        }
        await().atMost(PATIENCE).until(() -> TestSupport.seqs(workspace).size() == published.size());

        // one chain for all of them, in the order published (each read then appends its audit.read)
        auditor(workspace).get(events(workspace, "order=asc&limit=5")).then().statusCode(200)
                .body("events.type", contains("tool.called", "prompt.retrieved", "prompt.retrieved", "resource.read",
                        "server_request.relayed"));
        auditor(workspace).get(events(workspace, "type=prompt.retrieved&order=asc")).then().statusCode(200)
                .body("events.data.prompt", contains("code_review", "secret_plan"))
                .body("events[1].data.status", equalTo("blocked")).body("events[1].data.errorCode", equalTo(-32003));
        auditor(workspace).get(events(workspace, "type=prompt.retrieved&status=blocked")).then()
                .body("events", hasSize(1)).body("events[0].actor", equalTo("token-bob"));
        auditor(workspace).queryParam("name", "file:///docs/readme.md").get(events(workspace, "")).then().statusCode(200)
                .body("events", hasSize(1)).body("events[0].type", equalTo("resource.read"))
                .body("events[0].data.latencyMs", equalTo(9));
        auditor(workspace).queryParam("name", "sampling/createMessage").queryParam("server", "demo")
                .get(events(workspace, "")).then().body("events.type", contains("server_request.relayed"));
        // tool calls keep their name in "tool", as before: the name filter is for the new types
        auditor(workspace).get(events(workspace, "tool=echo")).then().body("events.type", contains("tool.called"));
        auditor(workspace).get(events(workspace, "name=echo")).then().body("events", hasSize(0));
        auditor(workspace).get(events(workspace, "name=" + "n".repeat(257))).then().statusCode(400)
                .body("errors[0].field", equalTo("name")).body("errors[0].message", containsString("1 to 256"));

        assertEquals(List.of("code_review", "secret_plan", "file:///docs/readme.md", "sampling/createMessage"),
                TestSupport.column("select name from audit.events where workspace = ? and name is not null order by seq",
                        workspace));
        String csv = auditor(workspace).get("/api/v1/workspaces/" + workspace + "/audit/export?format=csv&type=resource.read")
                .then().statusCode(200).extract().asString();
        String[] lines = csv.split("\r\n");
        assertEquals("seq,id,time,type,workspace,actor,member_id,token_id,server,tool,status,latency_ms,data,prev_hash,hash,name",
                lines[0]);
        org.hamcrest.MatcherAssert.assertThat(lines[1], org.hamcrest.Matchers.endsWith(",file:///docs/readme.md"));

        verify(workspace).body("ok", equalTo(true));
        // the copied name is checked like every other copied column
        try (Connection connection = TestSupport.superuser(); Statement statement = connection.createStatement()) {
            statement.execute("set session_replication_role = replica");
            assertEquals(1, statement.executeUpdate("update audit.events set name = 'harmless' where workspace = '"
                    + workspace + "' and seq = 3"));
        }
        verify(workspace).body("ok", equalTo(false)).body("firstBrokenSeq", equalTo(3));
    }

    @Test
    void theNewTypesAreRefusedOnTheActivityTopic() {
        String workspace = TestSupport.workspace("kinds-topic");
        TestSupport.publish(Topics.ACTIVITY, event(workspace, "resource.read", "uri", "file:///x", "ok", 1, "mallory"));
        EventEnvelope genuine = EventEnvelope.now("enforcement.changed", workspace, "admin", Map.of("enabled", true));
        TestSupport.publish(Topics.ACTIVITY, genuine);

        await().atMost(PATIENCE).until(() -> TestSupport.seqs(workspace).size() == 1);
        auditor(workspace).get(events(workspace, "type=resource.read")).then().statusCode(200).body("events", hasSize(0));
        auditor(workspace).get(events(workspace, "type=enforcement.changed")).then().body("events", hasSize(1));
    }

    /** An event of a gateway type with the fields the gateway writes (docs/CONTRACTS.md). */
    private static EventEnvelope event(String workspace, String type, String nameField, String name, String status,
                                       long latencyMs, String member) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("server", "demo");
        data.put(nameField, name);
        data.put("status", status);
        data.put("errorCode", status.equals("blocked") ? -32003 : null);
        data.put("latencyMs", latencyMs);
        data.put("session", "session-1");
        data.put("clientIp", "127.0.0.1");
        data.put("tokenId", "token-" + member);
        data.put("memberId", member);
        return EventEnvelope.now(type, workspace, "token-" + member, data);
    }

    private static RequestSpecification auditor(String workspace) {
        return given().auth().oauth2(TestJwts.auditor(workspace));
    }

    private static String events(String workspace, String query) {
        return "/api/v1/workspaces/" + workspace + "/audit/events" + (query.isEmpty() ? "" : "?" + query);
    }

    private static io.restassured.response.ValidatableResponse verify(String workspace) {
        return given().auth().oauth2(TestJwts.auditor(workspace))
                .get("/api/v1/workspaces/{slug}/audit/verify", workspace).then().statusCode(200);
    }
}
