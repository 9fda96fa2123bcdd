package dev.gatehouse.registry.client;

import dev.gatehouse.registry.Transport;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientSseClientTransport;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Performs a real MCP handshake with an upstream through the official MCP Java SDK client:
 * {@code initialize} (the SDK follows with {@code notifications/initialized}), then
 * {@code tools/list} over every page. The client declares no capabilities: it only looks.
 */
@ApplicationScoped
public class McpHandshake {

    /** Guards against an upstream whose cursors never end. */
    static final int MAX_PAGES = 100;
    private static final int MAX_ERROR = 500;
    private static final Pattern OBJECT_IDENTITY = Pattern.compile("responseInfo=[\\w.$]+@[0-9a-f]+,? ?");
    private static final McpSchema.Implementation CLIENT = new McpSchema.Implementation("gatehouse-registry-health", "0.1.0");

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

    /** Outcome of one handshake; {@code toolCount} is null and {@code error} set when it failed. */
    public record Result(boolean up, long latencyMs, Integer toolCount, String error) {
    }

    public Result check(Target target) {
        long start = System.nanoTime();
        try (McpSyncClient client = McpClient.sync(transport(target))
                .clientInfo(CLIENT)
                .requestTimeout(target.timeout())
                .initializationTimeout(target.timeout())
                .build()) {
            client.initialize();
            int tools = 0;
            String cursor = null;
            for (int page = 0; page < MAX_PAGES; page++) {
                McpSchema.ListToolsResult result = client.listTools(cursor);
                tools += result.tools() == null ? 0 : result.tools().size();
                cursor = result.nextCursor();
                if (cursor == null || cursor.isEmpty()) {
                    return new Result(true, elapsedMs(start), tools, null);
                }
            }
            return new Result(false, elapsedMs(start), null, "tools/list did not end after " + MAX_PAGES + " pages");
        } catch (RuntimeException e) {
            return new Result(false, elapsedMs(start), null, describe(e));
        }
    }

    private static McpClientTransport transport(Target target) {
        URI uri = URI.create(target.url());
        String base = uri.getScheme() + "://" + uri.getRawAuthority();
        String endpoint = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        Consumer<HttpRequest.Builder> credential = request -> {
            if (target.credentialHeader() != null) {
                request.header(target.credentialHeader(), target.credentialValue());
            }
        };
        return switch (target.transport()) {
            case STREAMABLE_HTTP -> HttpClientStreamableHttpTransport.builder(base).endpoint(endpoint)
                    .connectTimeout(target.timeout()).customizeRequest(credential).build();
            case SSE -> HttpClientSseClientTransport.builder(base).sseEndpoint(endpoint)
                    .connectTimeout(target.timeout()).customizeRequest(credential).build();
        };
    }

    /**
     * The messages of the failure, its causes and what the SDK attached (e.g. the HTTP status of a
     * refused request), without the SDK's object identities.
     */
    static String describe(Throwable failure) {
        Set<String> messages = new LinkedHashSet<>();
        Deque<Throwable> pending = new ArrayDeque<>(List.of(failure));
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        while (!pending.isEmpty() && messages.size() < 5) {
            Throwable next = pending.poll();
            if (!seen.add(next)) {
                continue;
            }
            messages.add(next.getMessage() == null ? next.getClass().getSimpleName()
                    : OBJECT_IDENTITY.matcher(next.getMessage().strip()).replaceAll(""));
            if (next.getCause() != null) {
                pending.add(next.getCause());
            }
            pending.addAll(List.of(next.getSuppressed()));
        }
        String joined = String.join("; ", messages);
        return joined.length() > MAX_ERROR ? joined.substring(0, MAX_ERROR) : joined;
    }

    private static long elapsedMs(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    }
}
