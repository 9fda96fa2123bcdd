package dev.gatehouse.e2e;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * One MCP session through the gateway, spoken as plain Streamable HTTP JSON-RPC (the answer may
 * come as JSON or as an SSE stream; both are read). Thread-safe: request ids come from a counter.
 */
final class GatewaySession {

    static final String PROTOCOL = "2025-11-25";

    private final HttpClient client;
    private final String url;
    private final String token;
    private final String sessionId;
    private final AtomicLong ids = new AtomicLong(1);

    private GatewaySession(HttpClient client, String url, String token, String sessionId) {
        this.client = client;
        this.url = url;
        this.token = token;
        this.sessionId = sessionId;
    }

    /** Opens a session for {@code token} at {@code url} (…/api/gw/{slug}): initialize, then initialized. */
    static GatewaySession open(String url, String token) {
        return open(JsonHttp.client(null), url, token);
    }

    /** Opens a session whose requests all go through {@code client}. */
    static GatewaySession open(HttpClient client, String url, String token) {
        JsonHttp.Answer init = JsonHttp.send(client, "POST", url, token, Map.of("jsonrpc", "2.0", "id", 0, "method", "initialize",
                "params", Map.of("protocolVersion", PROTOCOL, "capabilities", Map.of(),
                        "clientInfo", Map.of("name", "gatehouse-security-e2e", "version", "1"))),
                JsonHttp.DEFAULT_TIMEOUT, null);
        assertEquals(200, init.status(), () -> "initialize: " + init.brief());
        assertNotNull(init.sessionId(), "initialize answered without Mcp-Session-Id");
        GatewaySession session = new GatewaySession(client, url, token, init.sessionId());
        JsonHttp.Answer initialized = JsonHttp.send(client, "POST", url, token,
                Map.of("jsonrpc", "2.0", "method", "notifications/initialized"), JsonHttp.DEFAULT_TIMEOUT, session.sessionId);
        assertEquals(202, initialized.status(), () -> "notifications/initialized: " + initialized.brief());
        return session;
    }

    /** The raw answer to a {@code tools/call}; {@code name} is sent as given. */
    JsonHttp.Answer callRaw(String name, Map<String, Object> arguments, Duration timeout) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("name", name);
        params.put("arguments", arguments);
        Map<String, Object> request = Map.of("jsonrpc", "2.0", "id", ids.incrementAndGet(), "method", "tools/call", "params", params);
        return JsonHttp.send(client, "POST", url, token, request, timeout, sessionId);
    }

    /** The JSON-RPC response of a {@code tools/call} (its {@code result} or {@code error}), from JSON or SSE. */
    JsonNode call(String name, Map<String, Object> arguments, Duration timeout) {
        JsonHttp.Answer answer = callRaw(name, arguments, timeout);
        if (answer.status() != 200) {
            throw new AssertionError("tools/call " + JsonHttp.abbreviated(name) + ": " + answer.brief());
        }
        return response(answer);
    }

    /** The JSON-RPC response in an answer: the body itself, or the SSE event carrying an id. */
    static JsonNode response(JsonHttp.Answer answer) {
        if (!answer.contentType().startsWith("text/event-stream")) {
            return answer.json();
        }
        for (String event : answer.body().split("\r?\n\r?\n")) {
            StringBuilder data = new StringBuilder();
            for (String line : event.split("\r?\n")) {
                if (line.startsWith("data:")) {
                    data.append(line.substring(line.startsWith("data: ") ? 6 : 5));
                }
            }
            if (!data.isEmpty()) {
                try {
                    JsonNode message = JsonHttp.JSON.readTree(data.toString());
                    if (message.has("id") && (message.has("result") || message.has("error"))) {
                        return message;
                    }
                } catch (IOException e) {
                    throw new AssertionError("an SSE event that is not JSON: " + JsonHttp.abbreviated(data.toString()), e);
                }
            }
        }
        throw new AssertionError("no JSON-RPC response in the SSE answer: " + answer.brief());
    }
}
