package dev.gatehouse.audit;

import dev.gatehouse.infra.testing.GatehouseTestInfra;
import dev.gatehouse.audit.repository.EventStore;
import dev.gatehouse.infra.testing.TestJwts;
import dev.gatehouse.shared.event.EventEnvelope;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(value = GatehouseTestInfra.class, restrictToAnnotatedClass = false)
class AuditApiTest {

    private static final Instant T0 = Instant.parse("2026-10-01T10:00:00Z");
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>; rel=\"next\"");

    private static String workspace;

    @Inject
    EventStore store;

    /** Five tool calls a minute apart, then one activity event: alice (a: 10, 20, 30 ms; one blocked), bob (b: 40, 100 ms). */
    @BeforeEach
    void seed() throws Exception {
        if (workspace != null) {
            return;
        }
        workspace = TestSupport.workspace("api");
        List<EventEnvelope> events = new ArrayList<>();
        long[] latencies = {10, 20, 30, 40, 100};
        for (int i = 0; i < 5; i++) {
            boolean alice = i < 3;
            events.add(TestSupport.at(TestSupport.toolCall(workspace, "github", alice ? "a" : "b", i == 1 ? "blocked" : "ok",
                    latencies[i], alice ? "alice" : "bob"), T0.plusSeconds(60L * i)));
        }
        events.add(TestSupport.at(EventEnvelope.now("enforcement.changed", workspace, "admin", Map.of("enabled", true)),
                T0.plusSeconds(600)));
        store.append(events);
    }

    @Test
    void listsNewestFirstPageByPageFollowingTheLinkHeader() {
        Response first = auditor().get(events("type=tool.called&limit=2"));
        first.then().statusCode(200).body("events.seq", contains(5, 4)).body("events[0].data.tool", equalTo("b"))
                .body("events[0].prevHash", equalTo(first.path("events[1].hash")));
        String next = nextLink(first);
        assertEquals(first.path("next"), next.replaceAll(".*cursor=", ""));

        Response second = auditor().get(next);
        second.then().statusCode(200).body("events.seq", contains(3, 2));
        Response last = auditor().get(nextLink(second));
        last.then().statusCode(200).body("events.seq", contains(1)).body("next", nullValue());
        assertNull(last.header("Link"));
    }

    @Test
    void listsOldestFirstAndFilters() {
        auditor().get(events("order=asc&type=tool.called")).then().statusCode(200).body("events.seq", contains(1, 2, 3, 4, 5));
        auditor().get(events("member=alice&order=asc")).then().body("events.seq", contains(1, 2, 3));
        auditor().get(events("token=token-bob")).then().body("events.seq", contains(5, 4));
        auditor().get(events("tool=b&server=github")).then().body("events.seq", contains(5, 4));
        auditor().get(events("status=blocked")).then().body("events.seq", contains(2));
        auditor().queryParam("from", "2026-10-01T10:01:00Z").queryParam("to", "2026-10-01T12:03:00+02:00")
                .queryParam("order", "asc").get(events(""))
                .then().statusCode(200).body("events.seq", contains(2, 3));
        auditor().get(events("type=enforcement.changed")).then().body("events", hasSize(1))
                .body("events[0].data.enabled", equalTo(true)).body("events[0].actor", equalTo("admin"));
        auditor().get(events("server=nowhere")).then().statusCode(200).body("events", hasSize(0)).body("next", nullValue());
    }

    @Test
    void badQueriesAreRefusedWithTheFieldAndReason() {
        refused(events("from=yesterday"), "from", "RFC 3339");
        refused(events("to=2026-10-01T10:00:00"), "to", "RFC 3339");
        refused(events("from=2026-10-02T00:00:00Z&to=2026-10-01T00:00:00Z"), "to", "must be after from");
        refused(events("colour=blue"), "colour", "unknown parameter");
        refused(events("limit=0"), "limit", "from 1 to 1000");
        refused(events("limit=1001"), "limit", "from 1 to 1000");
        refused(events("limit=ten"), "limit", "from 1 to 1000");
        refused(events("order=sideways"), "order", "asc, desc");
        refused(events("type=a&type=b"), "type", "more than once");
        refused(events("member=" + "x".repeat(201)), "member", "1 to 200");
        refused(events("cursor=forged"), "cursor", "not a cursor");
        refused(export("format=xml"), "format", "csv, ndjson");
        refused(export("limit=5"), "limit", "unknown parameter");
        refused(summary("by=day"), "by", "tool, member");
        refused(verify("type=x"), "type", "unknown parameter");
    }

    @Test
    void cursorsCannotBeForgedOrReusedOnAnotherQuery() {
        String cursor = auditor().get(events("type=tool.called&limit=1")).path("next");
        assertNotNull(cursor);
        String[] parts = cursor.split("\\.");
        String tampered = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("0:0:1".getBytes(java.nio.charset.StandardCharsets.US_ASCII)) + "." + parts[1];

        refused(events("type=tool.called&limit=1&cursor=" + tampered), "cursor", "not a cursor");
        refused(events("type=server.added&limit=1&cursor=" + cursor), "cursor", "not a cursor");
        refused(events("type=tool.called&order=asc&limit=1&cursor=" + cursor), "cursor", "not a cursor");
        auditor().get(events("type=tool.called&limit=1&cursor=" + cursor)).then().statusCode(200).body("events.seq", contains(4));
    }

    @Test
    void onlyTheWorkspacesAdminsAndAuditorsAndTheOperatorMayRead() {
        String other = TestSupport.workspace("other");
        String path = "/api/v1/workspaces/" + workspace + "/audit/events";

        given().get(path).then().statusCode(401).contentType("application/problem+json").header("WWW-Authenticate", "Bearer");
        given().auth().oauth2("not-a-jwt").get(path).then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(TestJwts.expiredWorkspaceAdmin(workspace)).get(path).then().statusCode(401);
        given().auth().oauth2(TestJwts.member(workspace)).get(path).then().statusCode(403)
                .contentType("application/problem+json").body("title", equalTo("Forbidden"));
        for (String foreign : List.of(TestJwts.auditor(other), TestJwts.workspaceAdmin(other))) {
            for (String endpoint : List.of("events", "export", "summary", "verify")) {
                given().auth().oauth2(foreign).get("/api/v1/workspaces/" + workspace + "/audit/" + endpoint)
                        .then().statusCode(404).contentType("application/problem+json");
            }
        }
        given().auth().oauth2(TestJwts.auditor(workspace)).get(path).then().statusCode(200);
        given().auth().oauth2(TestJwts.workspaceAdmin(workspace)).get(path).then().statusCode(200);
        given().auth().oauth2(TestJwts.operator()).get(path).then().statusCode(200);
        given().auth().oauth2(TestJwts.operator()).get("/api/v1/workspaces/" + "x".repeat(64) + "/audit/events")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(TestJwts.operator()).get("/api/v1/workspaces/Not_A_Slug/audit/verify")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void everyReadIsRecordedInTheWorkspacesChain() {
        auditor().get(events("type=tool.called&member=alice")).then().statusCode(200);

        Response reads = auditor().get(events("type=audit.read&limit=1000"));
        List<Map<String, Object>> data = reads.path("events.data");
        assertTrue(data.stream().anyMatch(d -> "events".equals(d.get("action"))
                && Map.of("type", "tool.called", "member", "alice").equals(d.get("query"))), data.toString());
        auditor().get(verify("from=2026-01-01T00:00:00Z")).then().statusCode(200).body("ok", equalTo(true));
    }

    @Test
    void summarisesCallsErrorsAndLatencyPercentilesPerToolAndPerMember() {
        auditor().get(summary("from=2026-10-01T00:00:00Z&to=2026-10-02T00:00:00Z")).then().statusCode(200)
                .body("by", equalTo("tool"))
                .body("rows.tool", contains("a", "b"))
                .body("rows[0].server", equalTo("github"))
                .body("rows[0].calls", equalTo(3)).body("rows[0].errors", equalTo(1))
                .body("rows[0].p50LatencyMs", equalTo(20.0f)).body("rows[0].p95LatencyMs", equalTo(29.0f))
                .body("rows[1].calls", equalTo(2)).body("rows[1].errors", equalTo(0))
                .body("rows[1].p50LatencyMs", equalTo(70.0f)).body("rows[1].p95LatencyMs", equalTo(97.0f));
        auditor().get(summary("by=member")).then().statusCode(200)
                .body("rows.member", contains("alice", "bob")).body("rows.calls", contains(3, 2));
        auditor().get(summary("from=2030-01-01T00:00:00Z")).then().statusCode(200).body("rows", hasSize(0));
    }

    @Test
    void countsWhatTheSameFiltersSelectWithoutTheEvents() {
        auditor().get(count("type=tool.called")).then().statusCode(200)
                .body("workspace", equalTo(workspace)).body("count", equalTo(5));
        auditor().get(count("type=tool.called&status=blocked")).then().statusCode(200).body("count", equalTo(1));
        auditor().get(count("member=alice&from=2026-10-01T10:01:00Z&to=2026-10-01T10:03:00Z")).then().body("count", equalTo(2));
        auditor().get(count("server=nowhere")).then().statusCode(200).body("count", equalTo(0));
        refused(count("limit=5"), "limit", "unknown parameter");
        refused(count("order=asc"), "order", "unknown parameter");
        refused(count("from=yesterday"), "from", "RFC 3339");
        refused(count("status=" + "x".repeat(201)), "status", "1 to 200");
        given().auth().oauth2(TestJwts.auditor(TestSupport.workspace("count-other"))).get(count("")).then().statusCode(404);

        Response reads = auditor().get(events("type=audit.read&limit=1000"));
        List<Map<String, Object>> data = reads.path("events.data");
        assertTrue(data.stream().anyMatch(d -> "count".equals(d.get("action"))
                && Map.of("type", "tool.called", "status", "blocked").equals(d.get("query"))), "the count is a recorded read");
    }

    private static String count(String query) {
        return "/api/v1/workspaces/" + workspace + "/audit/count" + (query.isEmpty() ? "" : "?" + query);
    }

    private static io.restassured.specification.RequestSpecification auditor() {
        return given().auth().oauth2(TestJwts.auditor(workspace));
    }

    private static void refused(String url, String field, String reason) {
        auditor().get(url).then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400)).body("errors[0].field", equalTo(field))
                .body("errors[0].message", containsString(reason));
    }

    private static String nextLink(Response response) {
        Matcher matcher = NEXT.matcher(response.header("Link"));
        assertTrue(matcher.matches(), response.header("Link"));
        return matcher.group(1);
    }

    private static String events(String query) {
        return "/api/v1/workspaces/" + workspace + "/audit/events" + (query.isEmpty() ? "" : "?" + query);
    }

    private static String export(String query) {
        return "/api/v1/workspaces/" + workspace + "/audit/export?" + query;
    }

    private static String summary(String query) {
        return "/api/v1/workspaces/" + workspace + "/audit/summary?" + query;
    }

    private static String verify(String query) {
        return "/api/v1/workspaces/" + workspace + "/audit/verify?" + query;
    }
}
