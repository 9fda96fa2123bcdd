package dev.gatehouse.bench.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One MCP session over the HTTP+SSE transport of MCP 2024-11-05, which mcp-hub serves on
 * {@code /mcp}: a GET event stream whose first {@code endpoint} event names where to POST
 * messages; each POST is accepted with 202 and its answer arrives on the stream, matched by id.
 * Progress notifications are kept with the request whose progress token they carry.
 */
public final class LegacySseSession implements McpConnection {

    private static final long REQUEST_TIMEOUT_MS = 60_000;

    private final HttpClient http;
    private final Context eventLoop;
    private final String bearer;
    private final AtomicLong ids = new AtomicLong(1);
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final CompletableFuture<URI> endpoint = new CompletableFuture<>();
    private volatile HttpClientRequest stream;

    private record Pending(CompletableFuture<McpReply> answer, List<JsonNode> notifications) {
    }

    private LegacySseSession(HttpClient http, Context eventLoop, String bearer) {
        this.http = http;
        this.eventLoop = eventLoop;
        this.bearer = bearer;
    }

    /** Opens the stream, then {@code initialize} and {@code notifications/initialized} (blocking; never on an event loop). */
    public static LegacySseSession open(HttpClient http, Context eventLoop, String url, String bearer) {
        LegacySseSession session = new LegacySseSession(http, eventLoop, bearer);
        session.listen(URI.create(url));
        session.endpoint.orTimeout(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS).join();
        ObjectNode params = McpSession.JSON.createObjectNode();
        params.put("protocolVersion", "2024-11-05");
        params.putObject("capabilities");
        params.putObject("clientInfo").put("name", "gatehouse-bench").put("version", "1");
        McpReply reply = session.request("initialize", params).join();
        if (!reply.isSuccess()) {
            session.close();
            throw new McpException("initialize at " + url + " failed: " + reply.describe());
        }
        ObjectNode initialized = McpSession.JSON.createObjectNode().put("jsonrpc", "2.0").put("method", "notifications/initialized");
        int status = session.post(initialized.toString()).join();
        if (status / 100 != 2) {
            session.close();
            throw new McpException("notifications/initialized at " + url + " answered HTTP " + status);
        }
        return session;
    }

    @Override
    public CompletableFuture<McpReply> callTool(String name, JsonNode arguments, boolean progress) {
        return request("tools/call", McpConnection.toolCallParams(name, arguments, progress ? "p" + ids.get() : null));
    }

    @Override
    public CompletableFuture<McpReply> listTools(String cursor) {
        return request("tools/list", McpConnection.listParams(cursor));
    }

    /** Sends a request; completes with its answer from the stream, or with the POST's status when it was refused. */
    CompletableFuture<McpReply> request(String method, JsonNode params) {
        long id = ids.getAndIncrement();
        ObjectNode message = McpSession.JSON.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
        message.set("params", params);
        Pending waiting = new Pending(new CompletableFuture<>(), new ArrayList<>());
        pending.put(id, waiting);
        post(message.toString()).whenComplete((status, error) -> {
            if (error != null || status / 100 != 2) {
                pending.remove(id);
                if (error != null) {
                    waiting.answer.completeExceptionally(error);
                } else {
                    waiting.answer.complete(new McpReply(status, false, null, List.of()));
                }
            }
        });
        return waiting.answer.orTimeout(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .whenComplete((reply, error) -> pending.remove(id));
    }

    private void listen(URI url) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url.toString())
                .putHeader("Accept", "text/event-stream");
        if (bearer != null) {
            options.putHeader("Authorization", "Bearer " + bearer);
        }
        SseEventReader reader = new SseEventReader((type, data) -> {
            if (type.equals("endpoint")) {
                endpoint.complete(url.resolve(data.trim()));
            } else if (type.equals("message")) {
                deliver(data);
            }
        });
        eventLoop.runOnContext(ignored -> http.request(options).onSuccess(request -> {
            stream = request;
            request.send().onSuccess(response -> {
                if (response.statusCode() != 200) {
                    endpoint.completeExceptionally(new McpException("event stream answered HTTP " + response.statusCode()));
                    return;
                }
                response.handler(buffer -> reader.feed(buffer.toString()));
                response.endHandler(ended -> failAll("the event stream ended"));
                response.exceptionHandler(error -> failAll("the event stream broke: " + error.getMessage()));
            }).onFailure(error -> endpoint.completeExceptionally(error));
        }).onFailure(error -> endpoint.completeExceptionally(error)));
    }

    /** A message from the stream: an answer completes its request; a progress notification joins its request's list. */
    private void deliver(String data) {
        JsonNode message;
        try {
            message = McpSession.JSON.readTree(data);
        } catch (JsonProcessingException e) {
            return;
        }
        JsonNode id = message.get("id");
        if (id != null && id.canConvertToLong() && (message.has("result") || message.has("error"))) {
            Pending waiting = pending.remove(id.asLong());
            if (waiting != null) {
                List<JsonNode> notifications;
                synchronized (waiting.notifications) {
                    notifications = List.copyOf(waiting.notifications);
                }
                waiting.answer.complete(new McpReply(200, true, message, notifications));
            }
            return;
        }
        String token = message.path("params").path("progressToken").asText("");
        if (token.startsWith("p")) {
            try {
                Pending waiting = pending.get(Long.parseLong(token.substring(1)));
                if (waiting != null) {
                    synchronized (waiting.notifications) {
                        waiting.notifications.add(message);
                    }
                }
            } catch (NumberFormatException ignored) {
                // not one of ours
            }
        }
    }

    private void failAll(String why) {
        endpoint.completeExceptionally(new McpException(why));
        pending.values().forEach(waiting -> waiting.answer.completeExceptionally(new McpException(why)));
    }

    /** POSTs one message to the endpoint the stream named; completes with the HTTP status. */
    private CompletableFuture<Integer> post(String body) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(endpoint.join().toString())
                .setTimeout(REQUEST_TIMEOUT_MS).putHeader("Content-Type", "application/json");
        if (bearer != null) {
            options.putHeader("Authorization", "Bearer " + bearer);
        }
        Promise<Integer> status = Promise.promise();
        eventLoop.runOnContext(ignored -> http.request(options)
                .compose(request -> request.send(Buffer.buffer(body)))
                .compose(response -> response.body().map(drained -> response.statusCode()))
                .onComplete(status));
        return status.future().toCompletionStage().toCompletableFuture();
    }

    /** Drops the event stream: the server ends the session with it. */
    @Override
    public void close() {
        HttpClientRequest open = stream;
        if (open != null) {
            eventLoop.runOnContext(ignored -> open.reset());
        }
    }
}
