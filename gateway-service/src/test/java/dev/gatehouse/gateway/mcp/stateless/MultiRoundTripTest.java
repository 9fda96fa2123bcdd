package dev.gatehouse.gateway.mcp.stateless;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.gateway.audit.ToolCallsTopic;
import dev.gatehouse.gateway.session.SessionCodec;
import dev.gatehouse.gateway.testsupport.ControlPlaneDouble;
import dev.gatehouse.gateway.testsupport.ControlPlaneDouble.Server;
import dev.gatehouse.gateway.testsupport.McpHttp;
import dev.gatehouse.gateway.testsupport.Upstreams;
import dev.gatehouse.infra.testing.GatehouseTestInfra;
import dev.gatehouse.shared.access.TokenKind;
import dev.gatehouse.shared.event.EventJson;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Multi round-trip requests of MCP 2026-07-28 through the gateway to a real Java SDK upstream
 * ({@code full}, speaking 2025-11-25), whose tools ask the client something on the call's stream:
 * the 2026-07-28 client (raw HTTP, no SDK at hand in Java speaks the revision) gets an
 * {@code InputRequiredResult}, retries with its {@code inputResponses} and the {@code requestState},
 * and gets the tool's result. Then every way a retry can be wrong, each a precise -32602 (HTTP 400)
 * with {@code data.reason}, never a 500 or a hang; the bounds (expiry, per-token cap, test config:
 * 3 s and 3 calls); and the audit event without content.
 */
@QuarkusTest
@QuarkusTestResource(value = GatehouseTestInfra.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ControlPlaneDouble.Resource.class, restrictToAnnotatedClass = false)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MultiRoundTripTest {

    private static final ControlPlaneDouble CP = ControlPlaneDouble.get();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String V = "2026-07-28";
    private static final String ROOTS = "{\"roots\":[{\"uri\":\"file:///work\",\"name\":\"work\"}]}";
    private static final String SAMPLED = "{\"role\":\"assistant\",\"model\":\"m2\",\"content\":{\"type\":\"text\",\"text\":\"Paris\"}}";

    @Inject
    SessionCodec codec;
    @Inject
    PendingCalls pending;

    private final String ws = ControlPlaneDouble.newWorkspace("rounds");
    private final String token;

    MultiRoundTripTest() {
        CP.putServer(ws, new Server("one", Upstreams.full("one").url(), "one_"));
        token = CP.issueToken(ws, TokenKind.WORKSPACE_ADMIN, null, false, List.of());
    }

    @Test
    void aSamplingRequestOfTheUpstreamIsAnsweredByTheClientsRetry() {
        ObjectNode call = call("one_ask_model", "{\"question\":\"Capital of France?\"}");
        Answer first = post(token, call);
        assertEquals(200, first.status());
        JsonNode asked = first.result();
        assertEquals("input_required", asked.path("resultType").asText(), asked.toString());
        Map.Entry<String, JsonNode> input = single(asked.path("inputRequests"));
        assertEquals("sampling/createMessage", input.getValue().path("method").asText());
        assertEquals("Capital of France?", input.getValue().path("params").path("messages").path(0).path("content")
                .path("text").asText(), "the upstream's request is relayed untouched");
        assertFalse(input.getValue().has("id"), "an input request is a request object without a JSON-RPC id");

        Answer done = post(token, retry(call, 2, asked.path("requestState").asText(), input.getKey(), SAMPLED));
        assertEquals(200, done.status());
        assertEquals(2, done.body().path("id").asInt(), "the retry is answered with its own id");
        assertEquals("complete", done.result().path("resultType").asText(), done.body().toString());
        assertEquals("model m2 answered: Paris", done.result().path("content").path(0).path("text").asText());
        await().atMost(java.time.Duration.ofSeconds(5)).until(() -> pending.waiting() == 0);
    }

    @Test
    void anUpstreamThatAsksTwiceGivesTwoRoundsAndTheSecondRetryGetsTheResult() {
        ObjectNode call = call("one_ask_model_then_user", "{}");
        JsonNode first = post(token, call).result();
        Map.Entry<String, JsonNode> sampling = single(first.path("inputRequests"));
        assertEquals("sampling/createMessage", sampling.getValue().path("method").asText(), first.toString());
        String colour = "{\"role\":\"assistant\",\"model\":\"m3\",\"content\":{\"type\":\"text\",\"text\":\"teal\"}}";

        // the retry is answered with the upstream's next request: a second round
        JsonNode second = post(token, retry(call, 2, first.path("requestState").asText(), sampling.getKey(), colour)).result();
        assertEquals("input_required", second.path("resultType").asText(), second.toString());
        Map.Entry<String, JsonNode> confirm = single(second.path("inputRequests"));
        assertEquals("elicitation/create", confirm.getValue().path("method").asText());
        assertNotEquals(sampling.getKey(), confirm.getKey());
        assertTrue(confirm.getValue().path("params").path("message").asText().contains("teal"), second.toString());

        Answer done = post(token, retry(call, 3, second.path("requestState").asText(), confirm.getKey(),
                "{\"action\":\"accept\",\"content\":{\"agreed\":true}}"));
        assertEquals(3, done.body().path("id").asInt());
        assertEquals("teal", done.result().path("structuredContent").path("model").asText());
        assertEquals("true", done.result().path("structuredContent").path("agreed").asText());
    }

    @Test
    void anUnansweredInputIsAskedAgainAndAnOldStateIsThenStale() {
        ObjectNode call = call("one_list_roots", "{}");
        JsonNode asked = post(token, call).result();
        String key = single(asked.path("inputRequests")).getKey();
        String firstState = asked.path("requestState").asText();

        // a retry without the answer: the same input is requested again, with a new state
        ObjectNode empty = call.deepCopy().put("id", 2);
        params(empty).putObject("inputResponses");
        params(empty).put("requestState", firstState);
        JsonNode again = post(token, empty).result();
        assertEquals("input_required", again.path("resultType").asText(), again.toString());
        assertEquals(key, single(again.path("inputRequests")).getKey());
        String secondState = again.path("requestState").asText();
        assertNotEquals(firstState, secondState);

        refused(post(token, retry(call, 3, firstState, key, ROOTS)), "stale");
        Answer done = post(token, retry(call, 4, secondState, key, ROOTS));
        assertEquals("{\"roots\":[\"file:///work\"]}", done.result().path("structuredContent").toString(), done.body().toString());
        // the call is over: its states lead nowhere any more
        refused(post(token, retry(call, 5, secondState, key, ROOTS)), "unknown");
    }

    @Test
    void forgedAlteredForeignAndMisusedStatesAreRefusedPreciselyAndTheCallStillCompletes() {
        ObjectNode call = call("one_ask_model", "{\"question\":\"Two plus two?\"}");
        JsonNode asked = post(token, call).result();
        String key = single(asked.path("inputRequests")).getKey();
        String state = asked.path("requestState").asText();

        refused(post(token, retry(call, 10, "bm90LWEtc3RhdGU", key, SAMPLED)), "invalid");
        char middle = state.charAt(state.length() / 2);
        String altered = state.substring(0, state.length() / 2) + (middle == 'A' ? 'B' : 'A') + state.substring(state.length() / 2 + 1);
        refused(post(token, retry(call, 11, altered, key, SAMPLED)), "invalid");
        refused(post(token, retry(call, 12, codec.seal("gatehouse-mcp-session".getBytes(StandardCharsets.US_ASCII),
                "a\nb\nc\nd\n1\ne\n1"), key, SAMPLED)), "invalid"); // sealed for another purpose

        String colleague = CP.issueToken(ws, TokenKind.WORKSPACE_ADMIN, null, false, List.of());
        refused(post(colleague, retry(call, 13, state, key, SAMPLED)), "foreign");
        String elsewhere = ControlPlaneDouble.newWorkspace("rounds-other");
        CP.putServer(elsewhere, new Server("one", Upstreams.full("one").url(), "one_"));
        String stranger = CP.issueToken(elsewhere, TokenKind.WORKSPACE_ADMIN, null, false, List.of());
        refused(post(stranger, elsewhere, retry(call, 14, state, key, SAMPLED)), "foreign");

        ObjectNode otherArguments = retry(call("one_ask_model", "{\"question\":\"Three plus three?\"}"), 15, state, key, SAMPLED);
        refused(post(token, otherArguments), "other_request");
        ObjectNode otherTool = retry(call("one_list_roots", "{}"), 16, state, key, ROOTS);
        refused(post(token, otherTool), "other_request");

        RequestState opened = RequestState.open(codec, state).orElseThrow();
        String ofAnotherReplica = new RequestState("0123456789abcdef", opened.call(), opened.workspace(), opened.tokenId(),
                opened.expiresAt(), opened.request(), opened.round()).seal(codec);
        refused(post(token, retry(call, 17, ofAnotherReplica, key, SAMPLED)), "other_replica");

        ObjectNode numberState = retry(call, 18, state, key, SAMPLED);
        params(numberState).put("requestState", 42);
        refused(post(token, numberState), "malformed");
        ObjectNode textResponses = retry(call, 19, state, key, SAMPLED);
        params(textResponses).put("inputResponses", "yes");
        refused(post(token, textResponses), "malformed");
        ObjectNode textAnswer = retry(call, 20, state, key, SAMPLED);
        ((ObjectNode) params(textAnswer).get("inputResponses")).put(key, "Paris");
        refused(post(token, textAnswer), "malformed");
        ObjectNode withoutState = retry(call, 21, state, key, SAMPLED);
        params(withoutState).remove("requestState");
        refused(post(token, withoutState), "no_request_state");

        // none of it touched the waiting call: the genuine retry completes it
        Answer done = post(token, retry(call, 22, state, key, SAMPLED));
        assertEquals("model m2 answered: Paris", done.result().path("content").path(0).path("text").asText(), done.body().toString());
    }

    @Test
    void aRetryThatComesTooLateFindsTheCallCancelled() throws InterruptedException {
        // calls other tests left waiting are gone after answer-within (3 s in the test config)
        await().atMost(java.time.Duration.ofSeconds(10)).until(() -> pending.waiting() == 0);
        ObjectNode call = call("one_list_roots", "{}");
        JsonNode asked = post(token, call).result();
        assertEquals(1, pending.waiting());
        Thread.sleep(4_500);
        assertEquals(0, pending.waiting(), "the expired call no longer waits");
        refused(post(token, retry(call, 2, asked.path("requestState").asText(),
                single(asked.path("inputRequests")).getKey(), ROOTS)), "expired");
    }

    @Test
    void aTokenHasAtMostItsCapOfCallsWaitingForInput() {
        String busy = CP.issueToken(ws, TokenKind.WORKSPACE_ADMIN, null, false, List.of());
        List<ObjectNode> calls = new ArrayList<>();
        List<JsonNode> asked = new ArrayList<>();
        for (int i = 0; i < 3; i++) { // max-per-token is 3 in the test config
            ObjectNode call = call("one_ask_model", "{\"question\":\"q" + i + "\"}");
            calls.add(call);
            asked.add(post(busy, call).result());
            assertEquals("input_required", asked.get(i).path("resultType").asText(), asked.get(i).toString());
        }
        // the fourth: the gateway answers the upstream's request itself with an error, the tool fails at once
        Answer fourth = post(busy, call("one_ask_model", "{\"question\":\"q3\"}"));
        assertEquals(200, fourth.status());
        assertNotEquals("input_required", fourth.result().path("resultType").asText(), fourth.body().toString());
        assertTrue(fourth.body().has("error") || fourth.result().path("isError").asBoolean(), fourth.body().toString());
        // another token is not affected, and the three waiting calls still complete
        ObjectNode otherCall = call("one_ask_model", "{\"question\":\"q4\"}");
        JsonNode other = post(token, otherCall).result();
        assertEquals("input_required", other.path("resultType").asText());
        post(token, retry(otherCall, 99, other.path("requestState").asText(), single(other.path("inputRequests")).getKey(), SAMPLED));
        for (int i = 0; i < 3; i++) {
            Answer done = post(busy, retry(calls.get(i), 100 + i, asked.get(i).path("requestState").asText(),
                    single(asked.get(i).path("inputRequests")).getKey(), SAMPLED));
            assertEquals("model m2 answered: Paris", done.result().path("content").path(0).path("text").asText());
        }
    }

    @Test
    void eachAnsweredInputLeavesAServerRequestEventWithoutItsContent() {
        String auditee = CP.issueToken(ws, TokenKind.WORKSPACE_ADMIN, null, false, List.of());
        ObjectNode call = call("one_ask_user", "{\"message\":\"Your secret name?\"}");
        JsonNode asked = post(auditee, call).result();
        Map.Entry<String, JsonNode> input = single(asked.path("inputRequests"));
        assertEquals("elicitation/create", input.getValue().path("method").asText());
        Answer done = post(auditee, retry(call, 2, asked.path("requestState").asText(), input.getKey(),
                "{\"action\":\"accept\",\"content\":{\"name\":\"Zelda-7\"}}"));
        assertTrue(done.result().toString().contains("Zelda-7"), done.body().toString());

        Map<String, ConsumerRecord<String, String>> events = ToolCallsTopic.awaitEvents(event -> event.type()
                .equals("server_request.relayed") && ws.equals(event.workspace())
                && CP.tokenId(auditee).equals(event.data().get("tokenId")), 1);
        ConsumerRecord<String, String> record = events.values().iterator().next();
        JsonNode data = readTree(record.value()).path("data");
        assertEquals("elicitation/create", data.path("method").asText());
        assertEquals("one", data.path("server").asText());
        assertEquals("ok", data.path("status").asText());
        assertTrue(data.path("session").asText().startsWith("stateless/" + ws + "/"), data.toString());
        Set<String> keys = new java.util.HashSet<>();
        data.fieldNames().forEachRemaining(keys::add);
        assertEquals(Set.of("server", "method", "status", "errorCode", "latencyMs", "session", "clientIp", "tokenId",
                "memberId"), keys);
        assertFalse(record.value().contains("Zelda-7") || record.value().contains("secret name"), record.value());
        EventJson.read(record.value().getBytes(StandardCharsets.UTF_8)); // a valid envelope
    }

    // ---- helpers

    private record Answer(int status, JsonNode body) {
        JsonNode result() {
            return body.path("result");
        }
    }

    private static void refused(Answer answer, String reason) {
        assertEquals(400, answer.status(), answer.body().toString());
        assertEquals(-32602, answer.body().path("error").path("code").asInt(), answer.body().toString());
        assertEquals(reason, answer.body().path("error").path("data").path("reason").asText(), answer.body().toString());
    }

    private static ObjectNode call(String tool, String arguments) {
        ObjectNode request = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", 1).put("method", "tools/call");
        ObjectNode params = request.putObject("params").put("name", tool);
        params.set("arguments", readTree(arguments));
        ObjectNode meta = params.putObject("_meta").put("io.modelcontextprotocol/protocolVersion", V);
        meta.putObject("io.modelcontextprotocol/clientInfo").put("name", "mrtr-test").put("version", "1");
        meta.set("io.modelcontextprotocol/clientCapabilities", readTree("{\"sampling\":{},\"elicitation\":{},\"roots\":{}}"));
        return request;
    }

    /** The retry of {@code call}: a new id, the answer under {@code key}, the state echoed. */
    private static ObjectNode retry(ObjectNode call, int id, String state, String key, String answer) {
        ObjectNode retry = call.deepCopy().put("id", id);
        params(retry).putObject("inputResponses").set(key, readTree(answer));
        params(retry).put("requestState", state);
        return retry;
    }

    private static ObjectNode params(ObjectNode request) {
        return (ObjectNode) request.get("params");
    }

    private static Map.Entry<String, JsonNode> single(JsonNode inputRequests) {
        Iterator<Map.Entry<String, JsonNode>> fields = inputRequests.fields();
        assertTrue(fields.hasNext(), "no input request");
        Map.Entry<String, JsonNode> entry = fields.next();
        assertFalse(fields.hasNext(), "more than one input request: " + inputRequests);
        return entry;
    }

    private Answer post(String bearer, ObjectNode request) {
        return post(bearer, ws, request);
    }

    private static Answer post(String bearer, String workspace, ObjectNode request) {
        Response response = McpHttp.request(bearer).header("MCP-Protocol-Version", V)
                .header("Mcp-Method", request.path("method").asText())
                .header("Mcp-Name", params(request).path("name").asText())
                .body(request.toString()).post(McpHttp.path(workspace));
        String text = response.asString();
        String contentType = response.contentType();
        if (contentType != null && contentType.contains("text/event-stream")) {
            List<String> data = text.lines().filter(line -> line.startsWith("data: ")).toList();
            text = data.getLast().substring(6);
        }
        return new Answer(response.statusCode(), readTree(text));
    }

    private static JsonNode readTree(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
