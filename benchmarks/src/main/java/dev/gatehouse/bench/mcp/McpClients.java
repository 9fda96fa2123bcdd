package dev.gatehouse.bench.mcp;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;

/**
 * The load generator's HTTP side: one Vert.x instance with a single event loop (the load
 * generator never takes more than one core from the servers it measures) and one HTTP/1.1
 * client whose pool is large enough for every caller to have its own connection.
 */
public final class McpClients implements AutoCloseable {

    private static final int MAX_CONNECTIONS_PER_SERVER = 512;

    private final Vertx vertx;
    private final HttpClient http;
    private final Context eventLoop;

    public McpClients() {
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
                .setPreferNativeTransport(false));
        http = vertx.createHttpClient(
                new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_1_1).setKeepAlive(true)
                        .setConnectTimeout(5000).setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(MAX_CONNECTIONS_PER_SERVER));
        eventLoop = vertx.getOrCreateContext();
    }

    /** Opens a Streamable HTTP MCP session to {@code target} (blocking). */
    public McpSession open(Target target) {
        return McpSession.open(http, eventLoop, target.url(), target.bearer());
    }

    /** Opens an MCP session to {@code target} over its transport (blocking). */
    public McpConnection connect(Target target) {
        return target.transport() == Target.Transport.HTTP_SSE
                ? LegacySseSession.open(http, eventLoop, target.url(), target.bearer())
                : open(target);
    }

    @Override
    public void close() {
        http.close().toCompletionStage().toCompletableFuture().join();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
