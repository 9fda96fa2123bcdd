package dev.gatehouse.gateway.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.gateway.config.GatewayConfig;
import dev.gatehouse.gateway.mcp.JsonRpc;
import dev.gatehouse.gateway.routing.UpstreamServer;
import dev.gatehouse.gateway.upstream.UpstreamException.Kind;
import dev.gatehouse.shared.net.SseParser;
import io.quarkus.logging.Log;
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
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The gateway as an MCP Streamable HTTP client, on a pooled keep-alive Vert.x HTTP client. JSON is
 * parsed only to find message boundaries and ids; an SSE answer is relayed event by event as it
 * arrives.
 *
 * <p>Every request goes to the address {@link UpstreamAddresses} checked at connect time (the
 * URL's host stays in Host and SNI); redirects are never followed. Nothing an upstream sends is
 * buffered beyond {@link UpstreamLimits}: a JSON answer or SSE event over budget, or an SSE line
 * without end, aborts the exchange (connection reset) and fails it; answers the gateway does not
 * use are read and dropped, and the connection is reset once they pass a small budget.
 */
@ApplicationScoped
class UpstreamClient {

    private static final String ACCEPT = "application/json, text/event-stream";

    private final HttpClient http;
    /** GET streams only: each holds its connection for as long as it is open, so not from the pool calls use. */
    private final HttpClient streams;
    private final ObjectMapper json;
    private final UpstreamAddresses addresses;
    private final int maxMessageBytes;
    private final int maxSseLineBytes;
    private final long maxDiscardBytes;

    UpstreamClient(Vertx vertx, GatewayConfig config, UpstreamLimits limits, UpstreamAddresses addresses,
                          ObjectMapper json) {
        HttpClientOptions options = new HttpClientOptions()
                .setConnectTimeout((int) config.upstream().connectTimeout().toMillis())
                .setIdleTimeout((int) limits.idleTimeout().toSeconds())
                .setIdleTimeoutUnit(TimeUnit.SECONDS)
                .setKeepAlive(true)
                .setTryUseCompression(false);
        this.http = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(config.upstream().poolSize())
                .setMaxWaitQueueSize(limits.maxWaitQueueSize()));
        this.streams = vertx.createHttpClient(new HttpClientOptions(options),
                new PoolOptions().setHttp1MaxSize(config.upstream().streamPoolSize())
                        .setMaxWaitQueueSize(limits.maxWaitQueueSize()));
        this.json = json;
        this.addresses = addresses;
        this.maxMessageBytes = (int) Math.min(Integer.MAX_VALUE - 8, limits.maxMessageBytes().asLongValue());
        this.maxSseLineBytes = (int) Math.min(Integer.MAX_VALUE - 8, limits.maxSseLineBytes().asLongValue());
        this.maxDiscardBytes = limits.maxDiscardBytes().asLongValue();
    }

    @PreDestroy
    void close() {
        http.close();
        streams.close();
    }

    /**
     * POSTs one JSON-RPC message. For a request, the exchange completes with the upstream's response;
     * every other message on the answer stream (progress, logging) goes to {@code onMessage} in
     * order. For a notification or a response it completes with null once the upstream accepted it.
     */
    Exchange post(UpstreamServer server, String sessionId, String protocolVersion, ObjectNode message,
                         Consumer<ObjectNode> onMessage) {
        return post(server, sessionId, protocolVersion, Map.of(), message, onMessage);
    }

    /**
     * As {@link #post(UpstreamServer, String, String, ObjectNode, Consumer)}, with more request
     * headers (a 2026-07-28 request mirrors its method and name into {@code Mcp-Method} and {@code Mcp-Name}).
     */
    Exchange post(UpstreamServer server, String sessionId, String protocolVersion, Map<String, String> moreHeaders,
                  ObjectNode message, Consumer<ObjectNode> onMessage) {
        // only a request is answered; a notification or a response (to a server-to-client request) is taken with 202
        Exchange exchange = new Exchange(JsonRpc.isRequest(message) ? message.get("id") : null);
        if (!"streamable-http".equals(server.transport()) && server.transport() != null) {
            exchange.fail(new UpstreamException(Kind.BAD_ANSWER, "transport " + server.transport() + " is not supported"));
            return exchange;
        }
        options(HttpMethod.POST, server)
                .compose(options -> {
                    headers(options.getHeaders(), server, sessionId, protocolVersion);
                    moreHeaders.forEach(options.getHeaders()::set);
                    options.getHeaders().set("Content-Type", "application/json");
                    return http.request(options);
                })
                .onSuccess(request -> {
                    exchange.attach(request);
                    request.send(Buffer.buffer(message.toString()))
                            .onSuccess(response -> read(response, exchange, sessionId != null, onMessage))
                            .onFailure(failure -> exchange.fail(unreachable(server, failure)));
                })
                .onFailure(failure -> exchange.fail(failure instanceof UpstreamException refused ? refused
                        : unreachable(server, failure)));
        return exchange;
    }

    /**
     * Opens the upstream's GET stream (server-to-client messages such as
     * {@code notifications/tools/list_changed}); completes when the stream ends, fails when it
     * cannot be opened (a 405 means the server offers none).
     */
    Future<Void> listen(UpstreamSession session, Consumer<ObjectNode> onMessage) {
        Promise<Void> ended = Promise.promise();
        options(HttpMethod.GET, session.server())
                .compose(options -> {
                    headers(options.getHeaders(), session.server(), session.sessionId(), session.protocolVersion());
                    options.getHeaders().set("Accept", "text/event-stream");
                    return streams.request(options);
                })
                .compose(HttpClientRequest::send)
                .onSuccess(response -> {
                    if (response.statusCode() != 200) {
                        discard(response, response.request());
                        ended.tryFail(new UpstreamException(Kind.BAD_ANSWER, "GET stream answered " + response.statusCode()));
                        return;
                    }
                    SseParser parser = new SseParser(maxSseLineBytes, maxMessageBytes,
                            event -> parseMessage(event.data()).ifPresent(onMessage));
                    response.handler(buffer -> {
                        try {
                            parser.feed(buffer.getBytes());
                        } catch (SseParser.TooLargeException e) {
                            Log.warnf("GET stream of upstream %s dropped: %s", session.server().slug(), e.getMessage());
                            response.request().reset();
                            ended.tryFail(new UpstreamException(Kind.BAD_ANSWER, e.getMessage()));
                        }
                    });
                    response.endHandler(done -> ended.tryComplete());
                    response.exceptionHandler(ended::tryFail);
                })
                .onFailure(ended::tryFail);
        return ended.future();
    }

    /** Ends an upstream session (best effort: the upstream expires it anyway). */
    void delete(UpstreamSession session) {
        if (session.sessionId() == null) {
            return;
        }
        options(HttpMethod.DELETE, session.server())
                .compose(options -> {
                    headers(options.getHeaders(), session.server(), session.sessionId(), session.protocolVersion());
                    return http.request(options);
                })
                .compose(HttpClientRequest::send)
                .onSuccess(response -> discard(response, response.request()));
    }

    private void read(HttpClientResponse response, Exchange exchange, boolean hadSession, Consumer<ObjectNode> onMessage) {
        exchange.upstreamSessionId = response.getHeader("Mcp-Session-Id");
        int status = response.statusCode();
        String type = response.getHeader("Content-Type") == null ? "" : response.getHeader("Content-Type").toLowerCase();
        if (status == 404 && hadSession) {
            discard(response, exchange.request);
            exchange.fail(new UpstreamException(Kind.SESSION_EXPIRED, "upstream session expired"));
        } else if (exchange.requestId == null && status >= 200 && status < 300) {
            // a notification: the spec says 202, but any success means the upstream took it
            discard(response, exchange.request);
            exchange.complete(null);
        } else if (type.startsWith("text/event-stream") && status == 200) {
            readEvents(response, exchange, onMessage);
        } else if (type.startsWith("application/json")) {
            readJson(response, exchange, status);
        } else {
            // an error page or an unexpected type: only its status is kept, never its text
            discard(response, exchange.request);
            exchange.fail(new UpstreamException(Kind.BAD_ANSWER, "upstream answered HTTP " + status
                    + (type.isEmpty() ? "" : " (" + type.replaceAll("[^a-z0-9/+.;= -]", "") + ")")));
        }
    }

    /** An SSE answer: each event relayed as it completes; the stream is dropped once the response arrived. */
    private void readEvents(HttpClientResponse response, Exchange exchange, Consumer<ObjectNode> onMessage) {
        SseParser parser = new SseParser(maxSseLineBytes, maxMessageBytes, event -> parseMessage(event.data()).ifPresent(message -> {
            if (JsonRpc.isResponse(message) && JsonRpc.sameId(message.get("id"), exchange.requestId)) {
                exchange.complete(message);
            } else if (!exchange.isDone()) {
                onMessage.accept(message);
            }
        }));
        long[] afterDone = new long[1];
        response.handler(buffer -> {
            if (exchange.isDone()) {
                // nothing more is used: a well-behaved upstream ends the stream now; a hostile one is cut off
                afterDone[0] += buffer.length();
                if (afterDone[0] > maxDiscardBytes) {
                    exchange.reset();
                }
                return;
            }
            try {
                parser.feed(buffer.getBytes());
            } catch (SseParser.TooLargeException e) {
                exchange.abort(new UpstreamException(Kind.BAD_ANSWER, "upstream answer too large: " + e.getMessage()));
            }
        });
        response.exceptionHandler(failure -> exchange.fail(
                new UpstreamException(Kind.BAD_ANSWER, "upstream stream broke (" + failure.getClass().getSimpleName() + ")")));
        response.endHandler(done -> exchange.fail(
                new UpstreamException(Kind.BAD_ANSWER, "upstream stream ended without a response")));
    }

    /** A JSON answer, collected up to the message budget (a larger one is refused before it is buffered). */
    private void readJson(HttpClientResponse response, Exchange exchange, int status) {
        String length = response.getHeader("Content-Length");
        if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > maxMessageBytes) {
            exchange.abort(tooLarge());
            return;
        }
        Buffer body = Buffer.buffer();
        response.handler(buffer -> {
            if (exchange.isDone()) {
                return;
            }
            if (body.length() + buffer.length() > maxMessageBytes) {
                exchange.abort(tooLarge());
                return;
            }
            body.appendBuffer(buffer);
        });
        response.exceptionHandler(failure -> exchange.fail(
                new UpstreamException(Kind.BAD_ANSWER, "upstream answer broke (" + failure.getClass().getSimpleName() + ")")));
        response.endHandler(done -> {
            ObjectNode message = parseMessage(body.toString()).orElse(null);
            if (message != null && JsonRpc.isResponse(message)) {
                exchange.complete(message);
            } else {
                exchange.fail(new UpstreamException(Kind.BAD_ANSWER, "upstream answered HTTP " + status
                        + " without a JSON-RPC response"));
            }
        });
    }

    private UpstreamException tooLarge() {
        return new UpstreamException(Kind.BAD_ANSWER, "upstream answer too large: more than " + maxMessageBytes + " bytes");
    }

    /** Reads and drops an answer the gateway does not use; past the discard budget the connection is reset. */
    private void discard(HttpClientResponse response, HttpClientRequest request) {
        String length = response.getHeader("Content-Length");
        if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > maxDiscardBytes && request != null) {
            request.reset();
            return;
        }
        long[] dropped = new long[1];
        response.handler(buffer -> {
            dropped[0] += buffer.length();
            if (dropped[0] > maxDiscardBytes && request != null) {
                request.reset();
            }
        });
        response.exceptionHandler(ignored -> { });
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

    /** Request options that connect to the checked address; the URL's host stays in Host and SNI. */
    private Future<RequestOptions> options(HttpMethod method, UpstreamServer server) {
        boolean credential = server.credential() != null && server.credential().header() != null;
        return addresses.destination(server.slug(), server.url(), credential).map(destination -> new RequestOptions()
                .setMethod(method)
                .setAbsoluteURI(server.url())
                .setServer(SocketAddress.inetSocketAddress(destination.port(), destination.address().getHostAddress()))
                .setFollowRedirects(false)
                .setHeaders(MultiMap.caseInsensitiveMultiMap()));
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
        return new UpstreamException(Kind.UNREACHABLE, server.slug() + " unreachable ("
                + failure.getClass().getSimpleName() + ")");
    }

    /** One request in flight upstream: its outcome, and a way to abandon it. */
    static final class Exchange {

        private final JsonNode requestId;
        private final Promise<ObjectNode> outcome = Promise.promise();
        private volatile HttpClientRequest request;
        private volatile String upstreamSessionId;

        Exchange(JsonNode requestId) {
            this.requestId = requestId;
        }

        /** The upstream's response (null for an accepted notification), or an {@link UpstreamException}. */
        Future<ObjectNode> response() {
            return outcome.future();
        }

        /** The {@code Mcp-Session-Id} the upstream answered with (meaningful for initialize). */
        String upstreamSessionId() {
            return upstreamSessionId;
        }

        /** Drops the HTTP exchange (timeout, client gone); the outcome fails if it was still open. */
        void abort(UpstreamException reason) {
            if (outcome.tryFail(reason) && request != null) {
                request.reset();
            }
        }

        boolean isDone() {
            return outcome.future().isComplete();
        }

        /** Drops the connection whatever the outcome (an upstream that keeps sending after its answer). */
        void reset() {
            if (request != null) {
                request.reset();
            }
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
