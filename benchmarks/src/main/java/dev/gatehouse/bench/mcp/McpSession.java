package dev.gatehouse.bench.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One MCP session over Streamable HTTP, as a real client opens it: {@code initialize} (keeps the
 * {@code Mcp-Session-Id}), {@code notifications/initialized}, then requests carrying the session,
 * the negotiated {@code MCP-Protocol-Version}, both {@code Accept} types and the bearer token.
 *
 * <p>Requests are asynchronous on a Vert.x HTTP client (one event loop), so the load generator
 * spends little CPU per call on a machine it shares with the servers it measures.
 */
public final class McpSession implements McpConnection {

    /** The revision the load generator asks for (what current SDKs speak). */
    public static final String PROTOCOL_VERSION = "2025-06-18";
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final long REQUEST_TIMEOUT_MS = 60_000;

    private final HttpClient http;
    private final Context eventLoop;
    private final String endpoint;
    private final String bearer;
    private final String sessionId;
    private final String protocolVersion;
    private final AtomicLong ids = new AtomicLong(1);

    private McpSession(HttpClient http, Context eventLoop, String endpoint, String bearer, String sessionId,
                       String protocolVersion) {
        this.http = http;
        this.eventLoop = eventLoop;
        this.endpoint = endpoint;
        this.bearer = bearer;
        this.sessionId = sessionId;
        this.protocolVersion = protocolVersion;
    }

    /**
     * Opens a session (blocking; never call it on an event loop); fails with {@link McpException}
     * when the server refuses it.
     *
     * @param eventLoop the client's event loop: every request is issued from it
     * @param bearer    the {@code Authorization: Bearer} token, or null for an upstream without auth
     */
    public static McpSession open(HttpClient http, Context eventLoop, String url, String bearer) {
        McpSession handshake = new McpSession(http, eventLoop, url, bearer, null, null);
        ObjectNode params = JSON.createObjectNode();
        params.put("protocolVersion", PROTOCOL_VERSION);
        params.putObject("capabilities");
        params.putObject("clientInfo").put("name", "gatehouse-bench").put("version", "1");
        Answer answer = handshake.send(HttpMethod.POST, handshake.body(1, "initialize", params)).join();
        McpReply reply = answer.reply();
        if (!reply.isSuccess()) {
            throw new McpException("initialize at " + url + " failed: " + reply.describe());
        }
        String version = reply.response().path("result").path("protocolVersion").asText(PROTOCOL_VERSION);
        McpSession opened = new McpSession(http, eventLoop, url, bearer, answer.sessionId(), version);
        ObjectNode initialized = JSON.createObjectNode().put("jsonrpc", "2.0").put("method", "notifications/initialized");
        int status = opened.send(HttpMethod.POST, initialized.toString()).join().reply().status();
        if (status != 202 && status != 200) {
            throw new McpException("notifications/initialized at " + url + " answered HTTP " + status);
        }
        return opened;
    }

    /** Sends a request and completes with the answer (JSON or SSE), whatever its HTTP status. */
    public CompletableFuture<McpReply> request(String method, JsonNode params) {
        return send(HttpMethod.POST, body(ids.getAndIncrement(), method, params)).thenApply(Answer::reply);
    }

    @Override
    public CompletableFuture<McpReply> callTool(String name, JsonNode arguments, boolean progress) {
        return request("tools/call", McpConnection.toolCallParams(name, arguments, progress ? "p" + ids.get() : null));
    }

    @Override
    public CompletableFuture<McpReply> listTools(String cursor) {
        return request("tools/list", McpConnection.listParams(cursor));
    }

    public String sessionId() {
        return sessionId;
    }

    /** Ends the session (DELETE); a server that does not support it may refuse, which is fine. */
    @Override
    public void close() {
        if (sessionId != null) {
            send(HttpMethod.DELETE, null).exceptionally(e -> null).join();
        }
    }

    private String body(long id, String method, JsonNode params) {
        ObjectNode message = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
        message.set("params", params);
        return message.toString();
    }

    /** The parsed answer and the session id header (only the initialize answer carries one). */
    private record Answer(McpReply reply, String sessionId) {
    }

    private CompletableFuture<Answer> send(HttpMethod method, String body) {
        RequestOptions options = new RequestOptions().setMethod(method).setAbsoluteURI(endpoint)
                .setTimeout(REQUEST_TIMEOUT_MS)
                .putHeader("Accept", "application/json, text/event-stream");
        if (body != null) {
            options.putHeader("Content-Type", "application/json");
        }
        if (bearer != null) {
            options.putHeader("Authorization", "Bearer " + bearer);
        }
        if (sessionId != null) {
            options.putHeader("Mcp-Session-Id", sessionId);
        }
        if (protocolVersion != null) {
            options.putHeader("MCP-Protocol-Version", protocolVersion);
        }
        Promise<Answer> answer = Promise.promise();
        // The chain is built on the event loop: built from a load thread that the OS preempts, a
        // response could arrive before its body handler is attached, and its body would be lost.
        eventLoop.runOnContext(ignored -> http.request(options)
                .compose(request -> body == null ? request.send() : request.send(Buffer.buffer(body)))
                .compose(response -> response.body().map(buffer ->
                        new Answer(parse(response.statusCode(), response.headers(), buffer.toString()),
                                response.getHeader("Mcp-Session-Id"))))
                .onComplete(answer));
        return answer.future().toCompletionStage().toCompletableFuture();
    }

    /** Reads a JSON body or an SSE stream (notifications first, then the response). */
    static McpReply parse(int status, MultiMap headers, String body) {
        String type = headers.get("Content-Type");
        try {
            if (type != null && type.startsWith("text/event-stream")) {
                return parseSse(status, body);
            }
            JsonNode json = body == null || body.isBlank() ? null : JSON.readTree(body);
            if (status == 200 && (json == null || !json.isObject())) {
                throw new McpException("HTTP 200 (" + type + ", " + (body == null ? 0 : body.length())
                        + " chars) without a JSON-RPC response");
            }
            return new McpReply(status, false, json != null && json.isObject() ? json : null, List.of());
        } catch (JsonProcessingException e) {
            throw new McpException("unparseable answer (HTTP " + status + ")");
        }
    }

    private static McpReply parseSse(int status, String body) throws JsonProcessingException {
        List<JsonNode> notifications = new ArrayList<>();
        JsonNode answer = null;
        StringBuilder data = new StringBuilder();
        for (String line : (body + "\n\n").split("\r?\n", -1)) {
            if (line.isEmpty()) {
                if (!data.isEmpty()) {
                    JsonNode message = JSON.readTree(data.toString());
                    if (message.has("result") || message.has("error")) {
                        answer = message;
                    } else {
                        notifications.add(message);
                    }
                    data.setLength(0);
                }
            } else if (line.startsWith("data:")) {
                if (!data.isEmpty()) {
                    data.append('\n');
                }
                data.append(line.substring(line.startsWith("data: ") ? 6 : 5));
            }
        }
        return new McpReply(status, true, answer, List.copyOf(notifications));
    }
}
