package dev.gatehouse.gateway.mcp;

import dev.gatehouse.gateway.testsupport.ControlPlaneDouble;
import dev.gatehouse.gateway.testsupport.ControlPlaneDouble.Server;
import dev.gatehouse.gateway.testsupport.McpHttp;
import dev.gatehouse.gateway.testsupport.Upstreams;
import dev.gatehouse.infra.testing.GatehouseTestInfra;
import dev.gatehouse.shared.access.TokenKind;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every revision the gateway serves, each spoken exactly by a raw HTTP client (the Java SDK client
 * cannot pin a revision), against two real Java SDK upstreams (prefixes {@code one_}, {@code two_})
 * of one workspace. The upstreams speak an older revision than 2026-07-28, so that case is also
 * "an old upstream behind a 2026-07-28 client".
 */
@QuarkusTest
@QuarkusTestResource(value = GatehouseTestInfra.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ControlPlaneDouble.Resource.class, restrictToAnnotatedClass = false)
class RevisionMatrixTest {

    private static final ControlPlaneDouble CP = ControlPlaneDouble.get();
    private static final String STATELESS = "2026-07-28";

    private final String ws = ControlPlaneDouble.newWorkspace("matrix");
    private final String token;

    RevisionMatrixTest() {
        CP.putServer(ws, new Server("one", Upstreams.full("one").url(), "one_"));
        CP.putServer(ws, new Server("two", Upstreams.full("two").url(), "two_"));
        token = CP.issueToken(ws, TokenKind.WORKSPACE_ADMIN, null, false, List.of());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-03-26", "2025-06-18", "2025-11-25", STATELESS})
    void aClientOfEachRevisionUsesBothUpstreams(String revision) {
        Client client = new Client(revision);
        client.open();

        JsonPath tools = client.ok("tools/list", null, "");
        assertTrue(tools.getList("tools.name").containsAll(List.of("one_ask_model", "two_ask_model", "one_list_roots")),
                revision + ": " + tools.getList("tools.name"));
        client.ok("tools/call", "two_log_steps", "\"name\":\"two_log_steps\",\"arguments\":{\"steps\":1},");

        JsonPath prompts = client.ok("prompts/list", null, "");
        assertTrue(prompts.getList("prompts.name").containsAll(List.of("one_greet", "two_greet")), revision);
        assertTrue(client.ok("prompts/get", "two_greet", "\"name\":\"two_greet\",\"arguments\":{\"name\":\"Ann\"},")
                .getString("messages[0].content.text").contains("Ann"), revision);

        JsonPath resources = client.ok("resources/list", null, "");
        assertTrue(resources.getList("resources.uri").containsAll(List.of("demo://one/readme", "demo://two/readme")), revision);
        assertEquals("demo://two/readme",
                client.ok("resources/read", "demo://two/readme", "\"uri\":\"demo://two/readme\",").getString("contents[0].uri"));
        assertTrue(client.ok("resources/templates/list", null, "").getList("resourceTemplates.uriTemplate")
                .containsAll(List.of("demo://one/notes/{id}", "demo://two/notes/{id}")), revision);
        assertEquals("note 2 of two",
                client.ok("resources/read", "demo://two/notes/2", "\"uri\":\"demo://two/notes/2\",").getString("contents[0].text"));

        assertEquals(List.of("formal", "friendly"), client.ok("completion/complete", null,
                "\"ref\":{\"type\":\"ref/prompt\",\"name\":\"one_greet\"},\"argument\":{\"name\":\"style\",\"value\":\"f\"},")
                .getList("completion.values"));
        assertEquals(List.of("1", "10"), client.ok("completion/complete", null,
                "\"ref\":{\"type\":\"ref/resource\",\"uri\":\"demo://two/notes/{id}\"},\"argument\":{\"name\":\"id\",\"value\":\"1\"},")
                .getList("completion.values"));

        if (revision.equals(STATELESS)) {
            // not in this revision: the per-request logLevel replaces it
            assertEquals(-32601, client.send("logging/setLevel", null, "\"level\":\"debug\",").getInt("error.code"));
            // the upstreams' requests to the client come as InputRequiredResults (MRTR); the retry carries the answer
            assertTrue(client.retrying("one_list_roots", "roots/list", "{\"roots\":[{\"uri\":\"file:///matrix\"}]}")
                    .contains("file:///matrix"));
            assertTrue(client.retrying("two_ask_model", "sampling/createMessage", "{\"role\":\"assistant\",\"model\":\"m1\","
                    + "\"content\":{\"type\":\"text\",\"text\":\"yes\"}}").contains("model m1 answered: yes"));
            assertTrue(client.retrying("one_ask_user", "elicitation/create",
                    "{\"action\":\"accept\",\"content\":{\"name\":\"Ann\"}}").contains("Ann"));
        } else {
            assertEquals(0, client.ok("logging/setLevel", null, "\"level\":\"debug\",").getMap("").size(), revision);
            // server-to-client requests, answered by this client on the tools/call stream
            assertTrue(client.answering("one_list_roots", "{\"roots\":[{\"uri\":\"file:///matrix\"}]}")
                    .contains("file:///matrix"), revision);
            assertTrue(client.answering("two_ask_model", "{\"role\":\"assistant\",\"model\":\"m1\","
                    + "\"content\":{\"type\":\"text\",\"text\":\"yes\"}}").contains("model m1 answered: yes"), revision);
            if (!revision.equals("2025-03-26")) { // elicitation came with 2025-06-18
                assertTrue(client.answering("one_ask_user", "{\"action\":\"accept\",\"content\":{\"name\":\"Ann\"}}")
                        .contains("Ann"), revision);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-03-26", "2025-06-18", "2025-11-25", STATELESS})
    void theUpstreamsSpeakAnOlderRevisionThanTheNewestClient(String revision) {
        for (String instance : List.of("one", "two")) {
            String negotiated = given().header("Accept", McpHttp.ACCEPT).contentType("application/json")
                    .body(initialize(revision)).post(Upstreams.full(instance).url())
                    .then().statusCode(200).extract().jsonPath().getString("result.protocolVersion");
            assertEquals(revision.equals(STATELESS) ? "2025-11-25" : revision, negotiated, instance + " " + revision);
        }
    }

    private static String initialize(String revision) {
        return "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"" + revision
                + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"matrix\",\"version\":\"1\"}}}";
    }

    /** A raw client speaking exactly one revision: a session (2025) or per-request metadata and headers (2026-07-28). */
    private final class Client {
        private final String revision;
        private String session;
        private int id;

        Client(String revision) {
            this.revision = revision;
        }

        boolean stateless() {
            return revision.equals(STATELESS);
        }

        void open() {
            if (stateless()) {
                JsonPath discovered = send("server/discover", null, "");
                assertTrue(discovered.getList("result.supportedVersions").contains(STATELESS), discovered.prettify());
                return;
            }
            String capabilities = revision.equals("2025-03-26") ? "{\"sampling\":{},\"roots\":{}}"
                    : "{\"sampling\":{},\"roots\":{},\"elicitation\":{}}";
            Response response = McpHttp.request(token).body(initialize(revision).replace("\"capabilities\":{}",
                    "\"capabilities\":" + capabilities)).post(McpHttp.path(ws));
            response.then().statusCode(200);
            assertEquals(revision, response.jsonPath().getString("result.protocolVersion"));
            session = response.header("Mcp-Session-Id");
            request(null, null).body("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")
                    .post(McpHttp.path(ws)).then().statusCode(202);
        }

        /** The result of a request that must succeed. */
        JsonPath ok(String method, String name, String params) {
            JsonPath answer = send(method, name, params);
            assertNull(answer.get("error"), revision + " " + method + ": " + answer.prettify());
            return new JsonPath(answer.prettify()).setRootPath("result");
        }

        /** @param params the params' members, each followed by a comma */
        JsonPath send(String method, String name, String params) {
            String meta = stateless() ? "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"" + STATELESS
                    + "\",\"io.modelcontextprotocol/clientInfo\":{\"name\":\"matrix\",\"version\":\"1\"},"
                    + "\"io.modelcontextprotocol/clientCapabilities\":{\"sampling\":{},\"roots\":{},\"elicitation\":{}}}"
                    : "\"_x\":0";
            String body = "{\"jsonrpc\":\"2.0\",\"id\":" + (++id) + ",\"method\":\"" + method + "\",\"params\":{" + params
                    + meta + "}}";
            Response response = request(method, name).body(body).post(McpHttp.path(ws));
            String text = response.asString();
            String contentType = response.contentType();
            if (contentType != null && contentType.contains("text/event-stream")) {
                List<String> data = text.lines().filter(line -> line.startsWith("data: ")).toList();
                text = data.getLast().substring(6);
            }
            return new JsonPath(text);
        }

        /**
         * 2026-07-28: calls a tool whose upstream asks this client something, gets the request as an
         * InputRequiredResult, retries with the answer and the requestState, returns the final result.
         */
        String retrying(String tool, String method, String answer) {
            String call = "\"name\":\"" + tool + "\",\"arguments\":{\"question\":\"?\"},";
            JsonPath asked = ok("tools/call", tool, call);
            assertEquals("input_required", asked.getString("resultType"), tool + ": " + asked.prettify());
            java.util.Map<String, java.util.Map<String, Object>> inputs = asked.getMap("inputRequests");
            assertEquals(1, inputs.size(), asked.prettify());
            String key = inputs.keySet().iterator().next();
            assertEquals(method, inputs.get(key).get("method"), asked.prettify());
            JsonPath done = ok("tools/call", tool, call + "\"inputResponses\":{\"" + key + "\":" + answer + "},"
                    + "\"requestState\":\"" + asked.getString("requestState") + "\",");
            assertEquals("complete", done.getString("resultType"), done.prettify());
            assertTrue(done.get("isError") == null || !done.getBoolean("isError"), tool + ": " + done.prettify());
            return done.prettify();
        }

        /** Calls a tool whose upstream asks this client something, answers each such request, returns the final message. */
        String answering(String tool, String result) {
            try (HttpClient http = HttpClient.newHttpClient()) {
                HttpResponse<java.util.stream.Stream<String>> response = http.send(HttpRequest.newBuilder(
                                URI.create(io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port + McpHttp.path(ws)))
                        .header("Authorization", "Bearer " + token).header("Accept", McpHttp.ACCEPT)
                        .header("Content-Type", "application/json").header("Mcp-Session-Id", session)
                        .header("MCP-Protocol-Version", revision).timeout(Duration.ofSeconds(20))
                        .POST(HttpRequest.BodyPublishers.ofString(McpHttp.call(++id, tool, "{\"question\":\"?\"}"))).build(),
                        HttpResponse.BodyHandlers.ofLines());
                String last = "";
                for (String line : (Iterable<String>) response.body().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6))::iterator) {
                    JsonPath message = new JsonPath(line);
                    if (message.get("method") != null && message.get("id") != null) {
                        String quoted = message.get("id") instanceof String text ? "\"" + text + "\"" : String.valueOf(message.get("id"));
                        request(null, null).body("{\"jsonrpc\":\"2.0\",\"id\":" + quoted + ",\"result\":" + result + "}")
                                .post(McpHttp.path(ws)).then().statusCode(202);
                    } else if (message.get("result") != null || message.get("error") != null) {
                        last = line;
                        break;
                    }
                }
                assertTrue(last.contains("\"result\"") && !last.contains("\"isError\":true"), tool + " " + revision + ": " + last);
                return last;
            } catch (Exception e) {
                throw new AssertionError(tool + " " + revision, e);
            }
        }

        private RequestSpecification request(String method, String name) {
            RequestSpecification request = McpHttp.request(token).header("MCP-Protocol-Version", revision);
            if (stateless()) {
                request = request.header("Mcp-Method", method);
                return name == null ? request : request.header("Mcp-Name", name);
            }
            return request.header("Mcp-Session-Id", session);
        }
    }
}
