package dev.gatehouse.gateway.mcp.stateless;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.gateway.audit.ToolCallsTopic;
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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 2026-07-28 client through the gateway to real upstreams of the official Java SDK (which speak
 * 2025-11-25). No official SDK at hand speaks 2026-07-28 (Java SDK 1.0.0 here), so the requests are
 * raw HTTP built to basic/transports/streamable-http.mdx: per-request {@code _meta}, no
 * initialize, no session, the mirrored headers.
 */
@QuarkusTest
@QuarkusTestResource(value = GatehouseTestInfra.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ControlPlaneDouble.Resource.class, restrictToAnnotatedClass = false)
class StatelessRevisionTest {

    private static final ControlPlaneDouble CP = ControlPlaneDouble.get();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String V = "2026-07-28";
    private static final String META = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"" + V
            + "\",\"io.modelcontextprotocol/clientInfo\":{\"name\":\"raw-2026\",\"version\":\"1\"},"
            + "\"io.modelcontextprotocol/clientCapabilities\":{}}";

    private final String ws = ControlPlaneDouble.newWorkspace("modern");
    private final String admin;

    StatelessRevisionTest() {
        CP.putServer(ws, new Server("alpha", Upstreams.of("alpha").url(), "alpha_"));
        CP.putServer(ws, new Server("beta", Upstreams.of("beta").url(), "beta_"));
        admin = CP.issueToken(ws, TokenKind.WORKSPACE_ADMIN, null, false, List.of());
    }

    @Test
    void discoverAnswersTheRevisionsCapabilitiesAndIdentityWithoutASession() {
        modern(admin, "server/discover", null).body(request(1, "server/discover", "")).post(McpHttp.path(ws)).then()
                .statusCode(200)
                .header("Mcp-Session-Id", nullValue())
                .header("RateLimit-Limit", not(nullValue()))
                .body("id", equalTo(1))
                .body("result.resultType", equalTo("complete"))
                .body("result.supportedVersions", equalTo(List.of(V, "2025-11-25", "2025-06-18", "2025-03-26")))
                .body("result.capabilities.tools", equalTo(Map.of("listChanged", true)))
                .body("result.capabilities.logging", equalTo(Map.of())) // the per-request logLevel
                .body("result._meta.'io.modelcontextprotocol/serverInfo'.name", equalTo("gatehouse"))
                .body("result.cacheScope", equalTo("private"))
                .body("result.ttlMs", equalTo(300000));
    }

    @Test
    void listsAndCallsToolsOfA2025UpstreamAsAStatelessClient() {
        modern(admin, "tools/list", null).body(request(2, "tools/list", "")).post(McpHttp.path(ws)).then()
                .statusCode(200).contentType(containsString("application/json"))
                .header("Mcp-Session-Id", nullValue())
                .body("result.resultType", equalTo("complete"))
                .body("result.cacheScope", equalTo("private"))
                .body("result.ttlMs", equalTo(0))
                .body("result.tools.name", hasItems("alpha_echo", "alpha_add", "beta_progress"));

        modern(admin, "tools/call", "alpha_add")
                .body(request(3, "tools/call", "\"name\":\"alpha_add\",\"arguments\":{\"a\":2,\"b\":40},"))
                .post(McpHttp.path(ws)).then()
                .statusCode(200)
                .header("Mcp-Session-Id", nullValue())
                .body("id", equalTo(3))
                .body("result.resultType", equalTo("complete"))
                .body("result.structuredContent.sum", equalTo(42))
                .body("result.isError", not(equalTo(true)));
        // a second request needs nothing from the first: no session, any order
        modern(admin, "tools/call", "alpha_fail").body(request("x", "tools/call", "\"name\":\"alpha_fail\",\"arguments\":{},"))
                .post(McpHttp.path(ws)).then().statusCode(200)
                .body("id", equalTo("x")).body("result.isError", equalTo(true));
    }

    @Test
    void promptsResourcesAndTheAllowlistForThemWorkStatelessly() {
        String full = ControlPlaneDouble.newWorkspace("modern-full");
        CP.putServer(full, new Server("one", Upstreams.full("one").url(), "one_"));
        String owner = CP.issueToken(full, TokenKind.WORKSPACE_ADMIN, null, false, List.of());
        modern(owner, "prompts/list", null).body(request(1, "prompts/list", "")).post(McpHttp.path(full)).then()
                .statusCode(200).body("result.resultType", equalTo("complete")).body("result.cacheScope", equalTo("private"))
                .body("result.prompts.name", hasItems("one_greet"));
        modern(owner, "prompts/get", "one_greet")
                .body(request(2, "prompts/get", "\"name\":\"one_greet\",\"arguments\":{\"name\":\"Ann\"},"))
                .post(McpHttp.path(full)).then().statusCode(200)
                .body("result.resultType", equalTo("complete"))
                .body("result.messages[0].content.text", containsString("Greet Ann"));
        modern(owner, "resources/read", "demo://one/readme")
                .body(request(3, "resources/read", "\"uri\":\"demo://one/readme\","))
                .post(McpHttp.path(full)).then().statusCode(200)
                .body("result.contents[0].uri", equalTo("demo://one/readme"))
                .body("result.resultType", equalTo("complete"));
        modern(owner, "resources/read", "demo://one/nope")
                .body(request(4, "resources/read", "\"uri\":\"demo://one/nope\","))
                .post(McpHttp.path(full)).then().statusCode(200)
                .body("error.code", equalTo(-32602)); // never -32002, which 2026-07-28 retired
        // a client that declares no elicitation: the gateway declares none upstream, the tool says so itself
        modern(owner, "tools/call", "one_ask_user").body(request(5, "tools/call", "\"name\":\"one_ask_user\",\"arguments\":{},"))
                .post(McpHttp.path(full)).then().statusCode(200).body("result.isError", equalTo(true));

        String bob = CP.issueToken(full, TokenKind.MEMBER, "bob", true, List.of("one:echo"));
        modern(bob, "prompts/list", null).body(request(6, "prompts/list", "")).post(McpHttp.path(full)).then()
                .statusCode(200).body("result.prompts", equalTo(List.of()));
        modern(bob, "prompts/get", "one_greet")
                .body(request(7, "prompts/get", "\"name\":\"one_greet\",\"arguments\":{\"name\":\"Ann\"},"))
                .post(McpHttp.path(full)).then().statusCode(200)
                .body("error.code", equalTo(-32003)).body("error.message", equalTo("Prompt not allowed for this user"));
    }

    @Test
    void logMessagesReachARequestOnlyAtOrAboveItsLogLevel() {
        String full = ControlPlaneDouble.newWorkspace("modern-logs");
        CP.putServer(full, new Server("one", Upstreams.full("one").url(), "one_"));
        String owner = CP.issueToken(full, TokenKind.WORKSPACE_ADMIN, null, false, List.of());
        String call = "\"name\":\"one_log_steps\",\"arguments\":{\"steps\":2},";
        // one_log_steps logs one debug and two info messages (the upstream session's level is its default, info)
        assertEquals(List.of(), logMessages(full, owner, request(1, "tools/call", call)), "no logLevel: no log messages");
        List<JsonPath> info = logMessages(full, owner, request(2, "tools/call", call, "\"io.modelcontextprotocol/logLevel\":\"info\","));
        assertEquals(List.of("step 1 of 2 on one", "step 2 of 2 on one"), info.stream().map(m -> m.getString("params.data")).toList());
        assertTrue(info.stream().allMatch(m -> "one".equals(m.getString("params._meta.'dev.gatehouse/server'"))));
        assertEquals(List.of(), logMessages(full, owner, request(3, "tools/call", call,
                "\"io.modelcontextprotocol/logLevel\":\"error\",")), "nothing at error or above");
        refusedWith(modern(admin, "tools/call", "alpha_echo"), request(4, "tools/call", "\"name\":\"alpha_echo\",\"arguments\":{},",
                "\"io.modelcontextprotocol/logLevel\":\"verbose\","), 400, -32602, "logLevel");
    }

    /** The notifications/message a tools/call's answer carried (its last message is the result). */
    private static List<JsonPath> logMessages(String workspace, String token, String body) {
        String answer = modern(token, "tools/call", "one_log_steps").body(body).post(McpHttp.path(workspace)).then()
                .statusCode(200).extract().asString();
        assertTrue(answer.contains("logged 2 steps"), answer);
        return answer.lines().filter(line -> line.startsWith("data: ")).map(line -> new JsonPath(line.substring(6)))
                .filter(message -> "notifications/message".equals(message.getString("method"))).toList();
    }

    @Test
    void progressIsStreamedInOrderBeforeTheResult() {
        String stream = modern(admin, "tools/call", "beta_progress")
                .body(request(5, "tools/call", "\"name\":\"beta_progress\",\"arguments\":{\"steps\":5,\"delayMs\":10},",
                        "\"progressToken\":\"t\","))
                .post(McpHttp.path(ws)).then()
                .statusCode(200).contentType(containsString("text/event-stream")).extract().asString();
        List<String> seen = stream.lines().filter(line -> line.startsWith("data: ")).map(line -> new JsonPath(line.substring(6)))
                .map(message -> message.getString("method") != null
                        ? message.getString("method") + " " + (int) message.getFloat("params.progress")
                        : "result " + message.getString("result.resultType"))
                .toList();
        List<String> expected = new ArrayList<>();
        for (int step = 1; step <= 5; step++) {
            expected.add("notifications/progress " + step);
        }
        expected.add("result complete");
        assertEquals(expected, seen, stream);
    }

    @Test
    void theAllowlistAppliesAndEveryCallIsAudited() throws Exception {
        String alice = CP.issueToken(ws, TokenKind.MEMBER, "alice", true, List.of("alpha:echo"));
        modern(alice, "tools/list", null).body(request(1, "tools/list", "")).post(McpHttp.path(ws)).then()
                .statusCode(200).body("result.tools.name", equalTo(List.of("alpha_echo")));
        modern(alice, "tools/call", "alpha_add").body(request(2, "tools/call", "\"name\":\"alpha_add\",\"arguments\":{\"a\":1,\"b\":2},"))
                .post(McpHttp.path(ws)).then().statusCode(200)
                .body("error.code", equalTo(-32003)).body("error.message", equalTo("Tool not allowed for this user"));
        modern(alice, "tools/call", "alpha_echo").body(request(3, "tools/call", "\"name\":\"alpha_echo\",\"arguments\":{\"text\":\"hush\"},"))
                .post(McpHttp.path(ws)).then().statusCode(200).body("result.content[0].text", equalTo("hush"));

        String tokenId = CP.tokenId(alice);
        List<JsonNode> events = new ArrayList<>();
        for (ConsumerRecord<String, String> record : ToolCallsTopic.awaitEvents(
                event -> ws.equals(event.workspace()) && tokenId.equals(event.actor()), 2).values()) {
            assertFalse(record.value().contains("hush"), "never the arguments or results: " + record.value());
            events.add(JSON.readTree(record.value()).path("data"));
        }
        assertEquals(List.of("add blocked -32003", "echo ok null"), events.stream()
                .map(data -> data.path("tool").asText() + " " + data.path("status").asText() + " "
                        + (data.path("errorCode").isNull() ? "null" : data.path("errorCode").asText()))
                .sorted().toList());
        assertTrue(events.stream().allMatch(data -> data.path("session").asText().startsWith("stateless/")));
    }

    @Test
    void headersThatAreMissingOrDisagreeWithTheBodyAreHeaderMismatches() {
        String call = request(7, "tools/call", "\"name\":\"alpha_echo\",\"arguments\":{\"text\":\"x\"},");
        refusedWith(McpHttp.request(admin).header("Mcp-Method", "tools/call").header("Mcp-Name", "alpha_echo"), call,
                400, -32020, "MCP-Protocol-Version header is required");
        refusedWith(modern(admin, null, "alpha_echo"), call, 400, -32020, "Mcp-Method header is required");
        refusedWith(modern(admin, "tools/list", "alpha_echo"), call, 400, -32020,
                "Mcp-Method header value 'tools/list' does not match body value 'tools/call'");
        refusedWith(modern(admin, "tools/call", null), call, 400, -32020, "Mcp-Name header is required for tools/call");
        refusedWith(modern(admin, "tools/call", "alpha_add"), call, 400, -32020,
                "Mcp-Name header value 'alpha_add' does not match body value 'alpha_echo'");
        refusedWith(modern(admin, "tools/call", "=?base64?***?="), call, 400, -32020, "invalid Base64");
        refusedWith(modern(admin, "tools/call", "alpha_echo").header("Mcp-Name", "alpha_echo"), call, 400, -32020,
                "does not match");
        refusedWith(McpHttp.request(admin).header("MCP-Protocol-Version", "2025-11-25").header("Mcp-Method", "tools/call")
                        .header("Mcp-Name", "alpha_echo"), call, 400,
                -32020, "MCP-Protocol-Version header value '2025-11-25' does not match body value '2026-07-28'");
        String encoded = "=?base64?" + Base64.getEncoder().encodeToString("alpha_echo".getBytes(StandardCharsets.UTF_8)) + "?=";
        modern(admin, "tools/call", encoded).body(call).post(McpHttp.path(ws)).then()
                .statusCode(200).body("result.content[0].text", equalTo("x"));
    }

    @Test
    void malformedRequestsGetPreciseErrorsNeverA500() {
        String future = request(1, "tools/list", "").replace(V, "2099-01-01");
        Response unsupported = McpHttp.request(admin).header("MCP-Protocol-Version", "2099-01-01")
                .header("Mcp-Method", "tools/list").body(future).post(McpHttp.path(ws));
        unsupported.then().statusCode(400).body("error.code", equalTo(-32022))
                .body("error.data.requested", equalTo("2099-01-01"))
                .body("error.data.supported", hasItems(V, "2025-11-25"));

        refusedWith(modern(admin, "tools/list", null), "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{}}",
                400, -32602, "io.modelcontextprotocol/protocolVersion");
        refusedWith(modern(admin, "tools/list", null), "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":"
                + "{\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"" + V + "\"}}}", 400, -32602, "clientCapabilities");
        refusedWith(modern(admin, "tools/call", "alpha_echo"), request(1, "tools/call", "\"name\":7,"), 400, -32602,
                "tools/call needs params.name (string)");
        refusedWith(modern(admin, "ping", null), request(1, "ping", ""), 404, -32601, "ping");
        refusedWith(modern(admin, "logging/setLevel", null), request(1, "logging/setLevel", "\"level\":\"info\","), 404, -32601,
                "logging/setLevel");
        refusedWith(modern(admin, "tasks/list", null), request(1, "tasks/list", ""), 404, -32601, "tasks/list");
        refusedWith(modern(admin, "tools/list", null), "[" + request(1, "tools/list", "") + "]", 400, -32600, "no batches");
        refusedWith(modern(admin, null, null), "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}", 400, -32600, "no JSON-RPC responses");
        modern(admin, null, null).body("{not json").post(McpHttp.path(ws)).then().statusCode(400).body("error.code", equalTo(-32700));
        modern(admin, "notifications/cancelled", null)
                .body("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":1}}")
                .post(McpHttp.path(ws)).then().statusCode(202);

        McpHttp.request(admin).header("MCP-Protocol-Version", V).header("Accept", "text/event-stream").get(McpHttp.path(ws))
                .then().statusCode(405).header("Allow", "POST");
        McpHttp.request(admin).header("MCP-Protocol-Version", V).delete(McpHttp.path(ws)).then().statusCode(405);
    }

    @Test
    void aSessionClientKeepsItsSessionAndAStatelessOneIsNotGivenOne() {
        String session = McpHttp.session(ws, admin, "2025-11-25");
        McpHttp.request(admin).header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-11-25")
                .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}").post(McpHttp.path(ws)).then()
                .statusCode(200).body("result", equalTo(Map.of()));
        // a 2026-07-28 request carrying a session id is served statelessly: the id is ignored
        modern(admin, "tools/list", null).header("Mcp-Session-Id", session).body(request(2, "tools/list", ""))
                .post(McpHttp.path(ws)).then().statusCode(200).header("Mcp-Session-Id", nullValue())
                .body("result.resultType", equalTo("complete"));
        // without any session and without 2026-07-28 metadata, the 2025 rule holds
        McpHttp.request(admin).header("MCP-Protocol-Version", "2025-11-25")
                .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}").post(McpHttp.path(ws)).then()
                .statusCode(400);
    }

    private void refusedWith(RequestSpecification request, String body, int status, int code, String detail) {
        request.body(body).post(McpHttp.path(ws)).then()
                .statusCode(status)
                .contentType(containsString("application/json"))
                .body("error.code", equalTo(code))
                .body("error.message", containsString(detail));
    }

    /** A request with the headers a 2026-07-28 client sends; a null header is left out. */
    private static RequestSpecification modern(String token, String method, String name) {
        RequestSpecification request = McpHttp.request(token).header("MCP-Protocol-Version", V);
        if (method != null) {
            request = request.header("Mcp-Method", method);
        }
        if (name != null) {
            request = request.header("Mcp-Name", name);
        }
        return request;
    }

    private static String request(Object id, String method, String params) {
        return request(id, method, params, "");
    }

    /** @param params the params' members other than _meta, each followed by a comma */
    private static String request(Object id, String method, String params, String metaMembers) {
        String quotedId = id instanceof String text ? "\"" + text + "\"" : String.valueOf(id);
        return "{\"jsonrpc\":\"2.0\",\"id\":" + quotedId + ",\"method\":\"" + method + "\",\"params\":{" + params
                + META.replace("\"_meta\":{", "\"_meta\":{" + metaMembers) + "}}";
    }
}
