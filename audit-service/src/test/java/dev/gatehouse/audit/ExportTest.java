package dev.gatehouse.audit;

import dev.gatehouse.infra.testing.GatehouseTestInfra;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.infra.testing.TestJwts;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@QuarkusTestResource(value = GatehouseTestInfra.class, restrictToAnnotatedClass = false)
class ExportTest {

    private static final int EVENTS = 100_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String workspace;

    @TestHTTPResource("/")
    URL root;

    /**
     * 100,000 tool calls written straight with SQL (fast; the export reads rows, it does not
     * check their chain), one second apart from 2026-01-01, latency = seq.
     */
    @BeforeEach
    void seed() throws Exception {
        if (workspace != null) {
            return;
        }
        workspace = TestSupport.workspace("export");
        TestSupport.execute("""
                insert into audit.events (workspace, seq, id, type, time, actor, data, member_id, token_id, server, tool,
                                          status, latency_ms, prev_hash, hash)
                select ?, g, gen_random_uuid(), 'tool.called', timestamptz '2026-01-01T00:00:00Z' + g * interval '1 second',
                       'token-alice', '{"latencyMs":' || g || ',"memberId":"alice","server":"github","status":"ok","tool":"list_issues, \\"quoted\\""}',
                       'alice', 'token-alice', 'github', 'list_issues, "quoted"', 'ok', g, repeat('0', 64), md5(g::text) || md5(g::text)
                from generate_series(1, ?) g""", workspace, EVENTS);
    }

    @Test
    void ndjsonStreamsEveryEventInOrder() throws Exception {
        HttpResponse<java.io.InputStream> response = export("format=ndjson&order=asc&type=tool.called", "*/*");
        assertEquals(200, response.statusCode());
        assertEquals("application/x-ndjson;charset=utf-8", response.headers().firstValue("Content-Type").orElseThrow().replace(" ", ""));
        AtomicLong expected = new AtomicLong(1);
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            lines.lines().forEach(line -> {
                JsonNode event = read(line);
                long seq = expected.getAndIncrement();
                assertEquals(seq, event.get("seq").asLong());
                assertEquals(seq, event.get("data").get("latencyMs").asLong());
            });
        }
        assertEquals(EVENTS + 1, expected.get());
    }

    @Test
    void csvStreamsEveryEventWithQuotedFields() throws Exception {
        HttpResponse<java.io.InputStream> response = export("order=desc&type=tool.called", "text/csv");
        assertEquals(200, response.statusCode());
        assertEquals("text/csv;charset=utf-8", response.headers().firstValue("Content-Type").orElseThrow().replace(" ", ""));
        long rows = 0;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            assertEquals("seq,id,time,type,workspace,actor,member_id,token_id,server,tool,status,latency_ms,data,prev_hash,hash,name",
                    lines.readLine());
            String line;
            while ((line = lines.readLine()) != null) {
                long seq = EVENTS - rows;
                if (rows == 0) {
                    assertEquals(seq + ",", line.substring(0, String.valueOf(seq).length() + 1));
                    assertEquals(true, line.contains(",github,\"list_issues, \"\"quoted\"\"\",ok," + seq + ","), line);
                }
                rows++;
            }
        }
        assertEquals(EVENTS, rows);
    }

    @Test
    void filtersApplyToExportsToo() {
        String body = given().auth().oauth2(TestJwts.auditor(workspace))
                .get("/api/v1/workspaces/{slug}/audit/export?format=ndjson&order=asc&type=tool.called"
                        + "&from=2026-01-01T00:00:02Z&to=2026-01-01T00:00:04Z", workspace)
                .then().statusCode(200).contentType("application/x-ndjson").extract().asString();

        String[] lines = body.split("\n");
        assertEquals(2, lines.length, body);
        assertEquals(2, read(lines[0]).get("seq").asLong());
        assertEquals(3, read(lines[1]).get("seq").asLong());
        assertEquals("2026-01-01T00:00:03Z", read(lines[1]).get("time").asText());
    }

    private HttpResponse<java.io.InputStream> export(String query, String accept) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(root.toString().replaceAll("/$", "")
                        + "/api/v1/workspaces/" + workspace + "/audit/export?" + query))
                .header("Authorization", "Bearer " + TestJwts.auditor(workspace))
                .header("Accept", accept).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
    }

    private static JsonNode read(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }
}
