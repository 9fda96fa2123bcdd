package dev.gatehouse.registry.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.registry.Transport;
import dev.gatehouse.registry.config.RegistryConfig;
import dev.gatehouse.shared.access.AllowlistRule;
import dev.gatehouse.shared.net.Destination;
import dev.gatehouse.shared.net.SseParser;
import dev.gatehouse.shared.net.SseParser.SseEvent;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A small, bounded MCP client for the health check: {@code initialize},
 * {@code notifications/initialized} (or, for a server of MCP 2026-07-28 only, {@code server/discover}
 * and stateless requests), then {@code tools/list} over every page (at most
 * {@link #MAX_PAGES}), and for the live catalog {@code prompts/list}, {@code resources/list} and
 * {@code resources/templates/list} the same way when the server declares them; over Streamable
 * HTTP or the legacy HTTP+SSE transport. It declares no capabilities: it only looks.
 *
 * <p>Unlike the MCP Java SDK 1.0.0 client it replaces, it connects only to the address the
 * outbound policy checked (the URL's host stays in Host and SNI; no second DNS lookup), follows no
 * redirects, reads at most {@code health.max-message-bytes} per answer, and its errors are fixed
 * sentences with at most a status code or an exception class: nothing an upstream says is ever
 * copied into {@code lastError} or an event.
 */
@ApplicationScoped
public class McpHandshake {

    /** JSON-RPC's "method not found": what a server of resources without templates may answer to {@code resources/templates/list}. */
    static final int METHOD_NOT_FOUND = -32601;
    /** Guards against an upstream whose cursors never end. */
    static final int MAX_PAGES = 100;
    /** SSE events the legacy transport may queue before the health check gives up on the stream. */
    private static final int MAX_QUEUED_EVENTS = 256;
    private static final String PROTOCOL_VERSION = "2025-06-18";
    /** The stateless revision: no {@code initialize}; {@code server/discover} says a server speaks it. */
    private static final String MODERN_VERSION = "2026-07-28";

    private final HttpClient http;
    private final ObjectMapper json;
    private final int maxMessageBytes;

    public McpHandshake(Vertx vertx, ObjectMapper json, RegistryConfig config) {
        this.http = vertx.createHttpClient(new HttpClientOptions()
                        .setKeepAlive(false)
                        .setTryUseCompression(false),
                new PoolOptions().setHttp1MaxSize(64).setMaxWaitQueueSize(512));
        this.json = json;
        this.maxMessageBytes = (int) Math.min(Integer.MAX_VALUE - 8, config.health().maxMessageBytes().asLongValue());
    }

    @PreDestroy
    void close() {
        http.close();
    }

    /**
     * What to reach and how; the credential value is already decrypted.
     *
     * @param credentialHeader null when the server has no credential
     */
    public record Target(String url, Transport transport, Duration timeout, String credentialHeader, String credentialValue) {
        @Override
        public String toString() {
            return "Target[url=" + url + ", transport=" + transport + "]";
        }
    }

    /**
     * Outcome of one handshake; {@code toolCount} is null and {@code error} set when it failed.
     * {@code toolNames}: the tools' names at the upstream, in the upstream's order (empty when it
     * failed); names that are not MCP tool names are left out (they could never be called).
     * {@code promptNames} and {@code resourceUris}: the same for prompts and resources, listed only
     * when the catalog was asked for and the server declares the capability (empty otherwise);
     * what no allowlist rule could name exactly is left out. {@code resourceTemplates}: the URI
     * templates of its resource templates (RFC 6570, e.g. {@code file:///notes/{id}}), with resources.
     */
    public record Result(boolean up, long latencyMs, Integer toolCount, String error, List<String> toolNames,
                         List<String> promptNames, List<String> resourceUris, List<String> resourceTemplates) {

        public Result(boolean up, long latencyMs, Integer toolCount, String error) {
            this(up, latencyMs, toolCount, error, List.of(), List.of(), List.of(), List.of());
        }
    }

    /** A handshake step failed; the message is one of this class's fixed sentences. */
    static class Failure extends Exception {
        Failure(String message) {
            super(message, null, false, false);
        }
    }

    /** The server answered a request with a JSON-RPC error ({@code code}). */
    static final class Refused extends Failure {
        final int code;

        Refused(String method, int code) {
            super(method + " was refused (JSON-RPC error " + code + ")");
            this.code = code;
        }
    }

    /** One list method drained over its pages: how many items it answered, and the usable names among them. */
    private record Listing(int count, List<String> names) {
    }

    /** Runs the handshake (tools only) against {@code destination}, the checked address of the target's host. Blocks. */
    public Result check(Target target, Destination destination) {
        return check(target, destination, false);
    }

    /**
     * Runs the handshake against {@code destination}, the checked address of the target's host. Blocks.
     *
     * @param catalog also list the prompts and the resources, each when the server's {@code initialize}
     *                result declares the capability (the live catalog; the scheduled check does not need them)
     */
    public Result check(Target target, Destination destination, boolean catalog) {
        long start = System.nanoTime();
        try (Session session = new Session(target, destination, start + target.timeout().toNanos())) {
            session.open();
            JsonNode capabilities = session.start().path("capabilities");
            Listing tools = session.listAll("tools/list", "tools", "tool", "name", AllowlistRule::isToolName);
            List<String> prompts = List.of();
            List<String> resources = List.of();
            List<String> templates = List.of();
            if (catalog && capabilities.path("prompts").isObject()) {
                // a prompt rule names a prompt by the tool-name grammar
                prompts = session.listAll("prompts/list", "prompts", "prompt", "name", AllowlistRule::isToolName).names();
            }
            if (catalog && capabilities.path("resources").isObject()) {
                resources = session.listAll("resources/list", "resources", "resource", "uri", AllowlistRule::isResourceUri).names();
                templates = session.resourceTemplates();
            }
            return new Result(true, elapsedMs(start), tools.count(), null, tools.names(), prompts, resources, templates);
        } catch (Failure e) {
            return new Result(false, elapsedMs(start), null, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, elapsedMs(start), null, "the check was interrupted");
        }
    }

    /** The per-request {@code _meta} of MCP 2026-07-28: revision, who asks, and no client capabilities. */
    private ObjectNode modernMeta() {
        ObjectNode meta = json.createObjectNode().put("io.modelcontextprotocol/protocolVersion", MODERN_VERSION);
        meta.putObject("io.modelcontextprotocol/clientInfo").put("name", "gatehouse-registry-health").put("version", "0.1.0");
        meta.putObject("io.modelcontextprotocol/clientCapabilities");
        return meta;
    }

    private ObjectNode initializeParams() {
        ObjectNode params = json.createObjectNode().put("protocolVersion", PROTOCOL_VERSION);
        params.putObject("capabilities");
        params.putObject("clientInfo").put("name", "gatehouse-registry-health").put("version", "0.1.0");
        return params;
    }

    private static long elapsedMs(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    }

    /** What came back for one POST: its status, and the JSON-RPC response when one was expected and arrived. */
    private record Answer(int status, String sessionId, ObjectNode message) {
    }

    /** One handshake: its deadline, its upstream session, and (legacy SSE) its event stream. */
    private final class Session implements AutoCloseable {

        private final Target target;
        private final Destination destination;
        private final long deadlineNanos;
        private final List<HttpClientRequest> open = new CopyOnWriteArrayList<>();
        private final BlockingQueue<Object> events = new LinkedBlockingQueue<>(MAX_QUEUED_EVENTS);
        private String sessionId;
        private String protocolVersion;
        private String postUrl;
        private int nextId = 1;
        /** Whether the server speaks MCP 2026-07-28 (stateless): every request then carries its revision. */
        private boolean modern;

        Session(Target target, Destination destination, long deadlineNanos) {
            this.target = target;
            this.destination = destination;
            this.deadlineNanos = deadlineNanos;
            this.postUrl = target.url();
        }

        /** Legacy SSE: opens the event stream and waits for its {@code endpoint} event. */
        void open() throws Failure, InterruptedException {
            if (target.transport() != Transport.SSE) {
                return;
            }
            CompletableFuture<Integer> opened = new CompletableFuture<>();
            RequestOptions options = options(HttpMethod.GET, target.url());
            options.getHeaders().set("Accept", "text/event-stream");
            http.request(options).onComplete(created -> {
                if (created.failed()) {
                    opened.completeExceptionally(created.cause());
                    return;
                }
                HttpClientRequest request = created.result();
                open.add(request);
                request.send().onComplete(sent -> {
                    if (sent.failed()) {
                        opened.completeExceptionally(sent.cause());
                        return;
                    }
                    HttpClientResponse response = sent.result();
                    opened.complete(response.statusCode());
                    if (response.statusCode() != 200 || !contentType(response).startsWith("text/event-stream")) {
                        events.offer(new Failure("the event stream answered without an event stream"));
                        request.reset();
                        return;
                    }
                    SseParser parser = new SseParser(maxMessageBytes, maxMessageBytes, event -> {
                        if (!events.offer(event)) {
                            events.clear();
                            events.offer(new Failure("the server sent more events than the check reads"));
                            request.reset();
                        }
                    });
                    response.handler(buffer -> {
                        try {
                            parser.feed(buffer.getBytes());
                        } catch (SseParser.TooLargeException e) {
                            events.offer(new Failure("an answer exceeded " + maxMessageBytes + " bytes"));
                            request.reset();
                        }
                    });
                    response.exceptionHandler(failure -> events.offer(
                            new Failure("the event stream broke (" + failure.getClass().getSimpleName() + ")")));
                    response.endHandler(ended -> events.offer(new Failure("the event stream ended")));
                });
            });
            int status = await(opened);
            if (status != 200) {
                throw new Failure("the event stream answered HTTP " + status);
            }
            SseEvent endpoint = nextEvent();
            while (!"endpoint".equals(endpoint.event())) {
                endpoint = nextEvent();
            }
            URI base = URI.create(target.url());
            URI resolved;
            try {
                resolved = base.resolve(endpoint.data().strip());
            } catch (IllegalArgumentException e) {
                throw new Failure("the endpoint event is not a valid URL");
            }
            // the POST endpoint must be where the check already connects: it may not point us elsewhere
            if (!base.getScheme().equalsIgnoreCase(String.valueOf(resolved.getScheme()))
                    || !base.getHost().equalsIgnoreCase(String.valueOf(resolved.getHost()))
                    || port(base) != port(resolved)) {
                throw new Failure("the endpoint event points at another origin");
            }
            postUrl = resolved.toString();
        }

        /**
         * Asks a list method for every page (at most {@link #MAX_PAGES}) and collects the
         * {@code key} of each item in {@code field} that {@code usable} accepts, in the server's order.
         *
         * @param item what one item is called in the failure sentences ({@code tool}, {@code prompt}, ...)
         */
        Listing listAll(String method, String field, String item, String key, Predicate<String> usable)
                throws Failure, InterruptedException {
            int count = 0;
            List<String> names = new ArrayList<>();
            String cursor = null;
            for (int page = 0; page < MAX_PAGES; page++) {
                ObjectNode params = json.createObjectNode();
                if (cursor != null) {
                    params.put("cursor", cursor);
                }
                JsonNode result = request(method, params);
                JsonNode list = result.path(field);
                if (!list.isArray()) {
                    throw new Failure(method + " answered without a " + item + " list");
                }
                count += list.size();
                for (JsonNode entry : list) {
                    String name = entry.path(key).asText("");
                    if (usable.test(name)) {
                        names.add(name);
                    }
                }
                cursor = result.path("nextCursor").isTextual() ? result.path("nextCursor").asText() : null;
                if (cursor == null || cursor.isEmpty()) {
                    return new Listing(count, List.copyOf(names));
                }
            }
            throw new Failure(method + " did not end after " + MAX_PAGES + " pages");
        }

        /**
         * The URI templates of {@code resources/templates/list}, every page, those a rule could
         * start with (visible, at most 2048 characters, no {@code *}); none when the server does
         * not know the method, which a server of resources without templates may answer.
         */
        List<String> resourceTemplates() throws Failure, InterruptedException {
            try {
                return listAll("resources/templates/list", "resourceTemplates", "resource template", "uriTemplate",
                        AllowlistRule::isResourceUri).names();
            } catch (Refused e) {
                if (e.code == METHOD_NOT_FOUND) {
                    return List.of();
                }
                throw e;
            }
        }

        /**
         * Opens the conversation and answers the server's description (its {@code capabilities}):
         * {@code initialize} (MCP 2025), or, when a Streamable HTTP server refuses it, the
         * {@code server/discover} of MCP 2026-07-28 when that lists the revision (the gateway finds
         * an upstream's era the same way, the other way round). A server that speaks neither fails
         * with what {@code initialize} got.
         */
        JsonNode start() throws Failure, InterruptedException {
            try {
                JsonNode result = request("initialize", initializeParams());
                notifyInitialized();
                return result;
            } catch (Failure refused) {
                if (target.transport() != Transport.STREAMABLE_HTTP || refused.getMessage().startsWith("no answer within")
                        || refused.getMessage().startsWith("the connection failed")) {
                    throw refused;
                }
                modern = true;
                sessionId = null; // no sessions in MCP 2026-07-28, whatever the refusal carried
                try {
                    JsonNode discovered = request("server/discover", json.createObjectNode());
                    for (JsonNode version : discovered.path("supportedVersions")) {
                        if (MODERN_VERSION.equals(version.asText())) {
                            return discovered;
                        }
                    }
                } catch (Failure notModern) {
                    // neither era: report what initialize got
                }
                throw refused;
            }
        }

        /** Sends a JSON-RPC request and answers its result; a JSON-RPC error or anything else fails. */
        JsonNode request(String method, ObjectNode params) throws Failure, InterruptedException {
            int id = nextId++;
            ObjectNode message = json.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
            if (modern) {
                params.set("_meta", modernMeta());
            }
            message.set("params", params);
            Answer answer = post(message, target.transport() == Transport.STREAMABLE_HTTP ? id : -1);
            if (answer.status() < 200 || answer.status() > 299) {
                throw new Failure(method + " answered HTTP " + answer.status());
            }
            ObjectNode response = answer.message();
            if (target.transport() == Transport.SSE) {
                response = responseFromStream(id);
            } else if (response == null) {
                throw new Failure(method + " was answered without a JSON-RPC response");
            }
            if ("initialize".equals(method)) {
                sessionId = answer.sessionId();
            }
            if (response.has("error")) {
                throw new Refused(method, response.path("error").path("code").asInt());
            }
            JsonNode result = response.get("result");
            if (result == null || !result.isObject()) {
                throw new Failure(method + " was answered without a result");
            }
            if ("initialize".equals(method)) {
                String agreed = result.path("protocolVersion").asText("");
                protocolVersion = agreed.matches("\\d{4}-\\d{2}-\\d{2}") ? agreed : null;
            }
            return result;
        }

        void notifyInitialized() throws Failure, InterruptedException {
            ObjectNode message = json.createObjectNode().put("jsonrpc", "2.0").put("method", "notifications/initialized");
            Answer answer = post(message, -1);
            if (answer.status() < 200 || answer.status() > 299) {
                throw new Failure("notifications/initialized answered HTTP " + answer.status());
            }
        }

        /** POSTs one message; when {@code expectId} is not -1, reads the answer (JSON or SSE) for that id. */
        private Answer post(ObjectNode message, int expectId) throws Failure, InterruptedException {
            CompletableFuture<Answer> answered = new CompletableFuture<>();
            RequestOptions options = options(HttpMethod.POST, postUrl);
            options.getHeaders().set("Content-Type", "application/json");
            options.getHeaders().set("Accept", "application/json, text/event-stream");
            if (sessionId != null) {
                options.getHeaders().set("Mcp-Session-Id", sessionId);
            }
            if (modern) {
                options.getHeaders().set("MCP-Protocol-Version", MODERN_VERSION);
                options.getHeaders().set("Mcp-Method", message.path("method").asText());
            } else if (protocolVersion != null) {
                options.getHeaders().set("MCP-Protocol-Version", protocolVersion);
            }
            http.request(options).onComplete(created -> {
                if (created.failed()) {
                    answered.completeExceptionally(created.cause());
                    return;
                }
                HttpClientRequest request = created.result();
                open.add(request);
                request.send(Buffer.buffer(message.toString())).onComplete(sent -> {
                    if (sent.failed()) {
                        answered.completeExceptionally(sent.cause());
                        return;
                    }
                    read(sent.result(), request, expectId, answered);
                });
            });
            return await(answered);
        }

        private void read(HttpClientResponse response, HttpClientRequest request, int expectId,
                          CompletableFuture<Answer> answered) {
            int status = response.statusCode();
            String session = response.getHeader("Mcp-Session-Id");
            String type = contentType(response);
            if (expectId < 0 || status < 200 || status > 299) {
                // only the status is used: the body is not read (and never reported)
                answered.complete(new Answer(status, session, null));
                request.reset();
            } else if (type.startsWith("text/event-stream")) {
                SseParser parser = new SseParser(maxMessageBytes, maxMessageBytes, event -> {
                    ObjectNode message = parse(event.data());
                    if (message != null && message.path("id").asInt(-1) == expectId
                            && (message.has("result") || message.has("error"))) {
                        answered.complete(new Answer(status, session, message));
                        request.reset();
                    }
                });
                response.handler(buffer -> {
                    try {
                        parser.feed(buffer.getBytes());
                    } catch (SseParser.TooLargeException e) {
                        answered.completeExceptionally(new Failure("an answer exceeded " + maxMessageBytes + " bytes"));
                        request.reset();
                    }
                });
                response.endHandler(ended -> answered.complete(new Answer(status, session, null)));
                response.exceptionHandler(answered::completeExceptionally);
            } else if (type.startsWith("application/json")) {
                Buffer body = Buffer.buffer();
                response.handler(buffer -> {
                    if (body.length() + buffer.length() > maxMessageBytes) {
                        answered.completeExceptionally(new Failure("an answer exceeded " + maxMessageBytes + " bytes"));
                        request.reset();
                        return;
                    }
                    body.appendBuffer(buffer);
                });
                response.endHandler(ended -> {
                    ObjectNode message = parse(body.toString());
                    answered.complete(new Answer(status, session,
                            message != null && message.path("id").asInt(-1) == expectId ? message : null));
                });
                response.exceptionHandler(answered::completeExceptionally);
            } else {
                answered.complete(new Answer(status, session, null));
                request.reset();
            }
        }

        /** Legacy SSE: the response with {@code id} from the event stream (other messages are skipped). */
        private ObjectNode responseFromStream(int id) throws Failure, InterruptedException {
            for (int skipped = 0; skipped < MAX_QUEUED_EVENTS; skipped++) {
                SseEvent event = nextEvent();
                ObjectNode message = parse(event.data());
                if (message != null && message.path("id").asInt(-1) == id && (message.has("result") || message.has("error"))) {
                    return message;
                }
            }
            throw new Failure("the event stream sent no response");
        }

        private SseEvent nextEvent() throws Failure, InterruptedException {
            Object next = events.poll(remainingNanos(), TimeUnit.NANOSECONDS);
            if (next == null) {
                throw timedOut();
            }
            if (next instanceof Failure failure) {
                throw failure;
            }
            return (SseEvent) next;
        }

        private <T> T await(CompletableFuture<T> future) throws Failure, InterruptedException {
            try {
                return future.get(remainingNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                throw timedOut();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Failure failure) {
                    throw failure;
                }
                throw new Failure("the connection failed (" + e.getCause().getClass().getSimpleName() + ")");
            }
        }

        private Failure timedOut() {
            return new Failure("no answer within " + target.timeout().toMillis() + " ms");
        }

        private long remainingNanos() {
            return Math.max(1, deadlineNanos - System.nanoTime());
        }

        /** Options that connect to the checked address, with the credential, no redirects and the deadline. */
        private RequestOptions options(HttpMethod method, String url) {
            long remainingMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(remainingNanos()));
            RequestOptions options = new RequestOptions()
                    .setMethod(method)
                    .setAbsoluteURI(url)
                    .setServer(SocketAddress.inetSocketAddress(destination.port(), destination.address().getHostAddress()))
                    .setFollowRedirects(false)
                    .setConnectTimeout(remainingMs)
                    .setIdleTimeout(remainingMs)
                    .setHeaders(MultiMap.caseInsensitiveMultiMap());
            if (target.credentialHeader() != null) {
                options.getHeaders().set(target.credentialHeader(), target.credentialValue());
            }
            return options;
        }

        @Override
        public void close() {
            open.forEach(HttpClientRequest::reset);
            if (sessionId != null && target.transport() == Transport.STREAMABLE_HTTP) {
                // best effort: end the upstream session; its answer is not waited for
                RequestOptions options = options(HttpMethod.DELETE, target.url()).setIdleTimeout(2000).setConnectTimeout(2000);
                options.getHeaders().set("Mcp-Session-Id", sessionId);
                http.request(options).compose(HttpClientRequest::send).onSuccess(response -> response.request().reset());
            }
        }
    }

    private ObjectNode parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            JsonNode node = json.readTree(text);
            return node instanceof ObjectNode object ? object : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String contentType(HttpClientResponse response) {
        String type = response.getHeader("Content-Type");
        return type == null ? "" : type.toLowerCase(Locale.ROOT);
    }

    private static int port(URI uri) {
        if (uri.getPort() > 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
