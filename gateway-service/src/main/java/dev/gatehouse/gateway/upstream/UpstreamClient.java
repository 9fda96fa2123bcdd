package dev.gatehouse.gateway.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.gateway.config.GatewayConfig;
import dev.gatehouse.gateway.mcp.JsonRpc;
import dev.gatehouse.gateway.routing.UpstreamServer;
import dev.gatehouse.gateway.upstream.UpstreamException.Kind;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.HttpClientOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The gateway as an MCP Streamable HTTP client, on a pooled keep-alive Vert.x HTTP client. JSON is
 * parsed only to find message boundaries and ids; an SSE answer is relayed event by event as it
 * arrives.
 */
@ApplicationScoped
public class UpstreamClient {

    private static final String ACCEPT = "application/json, text/event-stream";

    private final HttpClient http;
    private final ObjectMapper json;
    private final AtomicLong ids = new AtomicLong();

    public UpstreamClient(Vertx vertx, GatewayConfig config, ObjectMapper json) {
        this.http = vertx.createHttpClient(new HttpClientOptions()
                        .setConnectTimeout((int) config.upstream().connectTimeout().toMillis())
                        .setKeepAlive(true)
                        .setTryUseCompression(false),
                new PoolOptions().setHttp1MaxSize(config.upstream().poolSize()));
        this.json = json;
    }

    @PreDestroy
    void close() {
        http.close();
    }

    /** A fresh id for a request the gateway sends upstream (ids never repeat within this process). */
    public long nextId() {
        return ids.incrementAndGet();
    }

    /**
     * POSTs one JSON-RPC message. For a request, the exchange completes with the upstream's response;
     * every other message on the answer stream (progress, logging) goes to {@code onMessage} in
     * order. For a notification it completes with null once the upstream accepted it.
     */
    public Exchange post(UpstreamServer server, String sessionId, String protocolVersion, ObjectNode message,
                         Consumer<ObjectNode> onMessage) {
        Exchange exchange = new Exchange(message.get("id"));
        if (!"streamable-http".equals(server.transport()) && server.transport() != null) {
            exchange.fail(new UpstreamException(Kind.BAD_ANSWER, "transport " + server.transport() + " is not supported"));
            return exchange;
        }
        RequestOptions options = options(HttpMethod.POST, server.url());
        headers(options.getHeaders(), server, sessionId, protocolVersion);
        options.getHeaders().set("Content-Type", "application/json");
        http.request(options)
                .onSuccess(request -> {
                    exchange.attach(request);
                    request.send(Buffer.buffer(message.toString()))
                            .onSuccess(response -> read(response, exchange, sessionId != null, onMessage))
                            .onFailure(failure -> exchange.fail(unreachable(server, failure)));
                })
                .onFailure(failure -> exchange.fail(unreachable(server, failure)));
        return exchange;
    }

    /**
     * Opens the upstream's GET stream (server-to-client messages such as
     * {@code notifications/tools/list_changed}); completes when the stream ends, fails when it
     * cannot be opened (a 405 means the server offers none).
     */
    public Future<Void> listen(UpstreamSession session, Consumer<ObjectNode> onMessage) {
        RequestOptions options = options(HttpMethod.GET, session.server().url());
        headers(options.getHeaders(), session.server(), session.sessionId(), session.protocolVersion());
        options.getHeaders().set("Accept", "text/event-stream");
        Promise<Void> ended = Promise.promise();
        http.request(options)
                .compose(HttpClientRequest::send)
                .onSuccess(response -> {
                    if (response.statusCode() != 200) {
                        response.body();
                        ended.tryFail(new UpstreamException(Kind.BAD_ANSWER, "GET stream answered " + response.statusCode()));
                        return;
                    }
                    SseParser parser = new SseParser(event -> parseMessage(event.data()).ifPresent(onMessage));
                    response.handler(buffer -> parser.feed(buffer.getBytes()));
                    response.endHandler(done -> ended.tryComplete());
                    response.exceptionHandler(ended::tryFail);
                })
                .onFailure(ended::tryFail);
        return ended.future();
    }

    /** Ends an upstream session (best effort: the upstream expires it anyway). */
    public void delete(UpstreamSession session) {
        if (session.sessionId() == null) {
            return;
        }
        RequestOptions options = options(HttpMethod.DELETE, session.server().url());
        headers(options.getHeaders(), session.server(), session.sessionId(), session.protocolVersion());
        http.request(options).compose(HttpClientRequest::send).onSuccess(HttpClientResponse::body);
    }

    private void read(HttpClientResponse response, Exchange exchange, boolean hadSession, Consumer<ObjectNode> onMessage) {
        exchange.upstreamSessionId = response.getHeader("Mcp-Session-Id");
        int status = response.statusCode();
        String type = response.getHeader("Content-Type") == null ? "" : response.getHeader("Content-Type").toLowerCase();
        if (status == 404 && hadSession) {
            response.body();
            exchange.fail(new UpstreamException(Kind.SESSION_EXPIRED, "upstream session expired"));
        } else if (exchange.requestId == null && status >= 200 && status < 300) {
            // a notification: the spec says 202, but any success means the upstream took it
            response.body();
            exchange.complete(null);
        } else if (type.startsWith("text/event-stream") && status == 200) {
            SseParser parser = new SseParser(event -> parseMessage(event.data()).ifPresent(message -> {
                if (JsonRpc.isResponse(message) && JsonRpc.sameId(message.get("id"), exchange.requestId)) {
                    exchange.complete(message);
                } else if (!exchange.isDone()) {
                    onMessage.accept(message);
                }
            }));
            response.handler(buffer -> parser.feed(buffer.getBytes()));
            response.exceptionHandler(failure -> exchange.fail(
                    new UpstreamException(Kind.BAD_ANSWER, "upstream stream broke: " + failure.getMessage())));
            response.endHandler(done -> exchange.fail(
                    new UpstreamException(Kind.BAD_ANSWER, "upstream stream ended without a response")));
        } else if (type.startsWith("application/json")) {
            response.body().onComplete(body -> {
                ObjectNode message = body.succeeded() ? parseMessage(body.result().toString()).orElse(null) : null;
                if (message != null && JsonRpc.isResponse(message)) {
                    exchange.complete(message);
                } else {
                    exchange.fail(new UpstreamException(Kind.BAD_ANSWER, "upstream answered HTTP " + status
                            + " without a JSON-RPC response"));
                }
            });
        } else {
            response.body();
            exchange.fail(new UpstreamException(Kind.BAD_ANSWER, "upstream answered HTTP " + status
                    + (type.isEmpty() ? "" : " (" + type + ")")));
        }
    }

    private Optional<ObjectNode> parseMessage(String data) {
        if (data == null || data.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode node = json.readTree(data);
            return node instanceof ObjectNode object ? Optional.of(object) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static RequestOptions options(HttpMethod method, String url) {
        return new RequestOptions().setMethod(method).setAbsoluteURI(url).setHeaders(MultiMap.caseInsensitiveMultiMap());
    }

    private static void headers(MultiMap headers, UpstreamServer server, String sessionId, String protocolVersion) {
        headers.set("Accept", ACCEPT);
        if (sessionId != null) {
            headers.set("Mcp-Session-Id", sessionId);
        }
        if (protocolVersion != null) {
            headers.set("MCP-Protocol-Version", protocolVersion);
        }
        if (server.credential() != null && server.credential().header() != null) {
            headers.set(server.credential().header(), server.credential().value());
        }
    }

    private static UpstreamException unreachable(UpstreamServer server, Throwable failure) {
        return new UpstreamException(Kind.UNREACHABLE, server.slug() + " unreachable: " + failure.getMessage());
    }

    /** One request in flight upstream: its outcome, and a way to abandon it. */
    public static final class Exchange {

        private final JsonNode requestId;
        private final Promise<ObjectNode> outcome = Promise.promise();
        private volatile HttpClientRequest request;
        private volatile String upstreamSessionId;

        Exchange(JsonNode requestId) {
            this.requestId = requestId;
        }

        /** The upstream's response (null for an accepted notification), or an {@link UpstreamException}. */
        public Future<ObjectNode> response() {
            return outcome.future();
        }

        /** The {@code Mcp-Session-Id} the upstream answered with (meaningful for initialize). */
        public String upstreamSessionId() {
            return upstreamSessionId;
        }

        /** Drops the HTTP exchange (timeout, client gone); the outcome fails if it was still open. */
        public void abort(UpstreamException reason) {
            if (outcome.tryFail(reason) && request != null) {
                request.reset();
            }
        }

        boolean isDone() {
            return outcome.future().isComplete();
        }

        void attach(HttpClientRequest request) {
            this.request = request;
            if (isDone()) {
                request.reset();
            }
        }

        void complete(ObjectNode message) {
            outcome.tryComplete(message);
        }

        void fail(UpstreamException failure) {
            outcome.tryFail(failure);
        }
    }
}
