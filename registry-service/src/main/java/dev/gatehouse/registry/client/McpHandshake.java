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
import java.util.function.Consumer;

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

    /** The innermost cause, which names what really went wrong (refused connection, timeout, HTTP status). */
    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName()
                : root.getClass().getSimpleName() + ": " + root.getMessage();
        return message.length() > MAX_ERROR ? message.substring(0, MAX_ERROR) : message;
    }

    private static long elapsedMs(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    }
}
