package dev.gatehouse.gateway.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gatehouse.gateway.config.GatewayConfig;
import dev.gatehouse.gateway.mcp.ProtocolVersions;
import dev.gatehouse.gateway.routing.UpstreamServer;
import dev.gatehouse.gateway.upstream.UpstreamClient.Exchange;
import dev.gatehouse.gateway.upstream.UpstreamException.Kind;
import io.quarkus.logging.Log;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Which era each upstream speaks: 2026-07-28 ("modern": stateless, every request carries its
 * revision) or a 2025 revision ("legacy": {@code initialize} and {@code Mcp-Session-Id}).
 *
 * <p>Found the way a dual-era HTTP client must (2026-07-28 {@code basic/versioning.mdx},
 * "Backward Compatibility"): one {@code server/discover} in the modern shape. A result that lists
 * 2026-07-28, or a recognised modern error naming it, means modern; anything else (HTTP 400/404/405,
 * a 2025 server's "no session" error, -32601, a body that is not MCP) means legacy, and that server
 * keeps the 2025 path unchanged. An upstream that cannot be reached or does not answer in time is
 * not classified: the request fails as it would have, and the next one asks again.
 *
 * <p>The answer is cached per server slug and URL (a registry change of the URL asks again) for
 * {@code gatehouse.gateway.upstream.revision-ttl}, and dropped at once when a failure suggests the
 * server changed ({@link #forget}).
 */
@ApplicationScoped
public class UpstreamRevisions {

    /** The two ways of talking to an upstream. */
    public enum Era { LEGACY, MODERN }

    static final int UNSUPPORTED_PROTOCOL_VERSION = -32022;

    private final UpstreamClient client;
    private final Vertx vertx;
    private final long probeTimeoutMs;
    private final Cache<String, Future<Era>> eras;
    private final AtomicLong ids = new AtomicLong();

    UpstreamRevisions(UpstreamClient client, Vertx vertx, GatewayConfig config, UpstreamLimits limits) {
        this.client = client;
        this.vertx = vertx;
        this.probeTimeoutMs = limits.initializeTimeout().toMillis();
        this.eras = Caffeine.newBuilder()
                .expireAfterWrite(config.upstream().revisionTtl())
                .maximumSize(limits.maxSessions())
                .build();
    }

    /** The server's era; a cached answer completes at once. */
    public Future<Era> of(UpstreamServer server) {
        String key = key(server);
        Future<Era> era = eras.get(key, ignored -> discover(server));
        era.onFailure(failure -> eras.asMap().remove(key, era));
        return era;
    }

    /** Asks the server again on its next request (it refused what its cached era promised). */
    public void forget(UpstreamServer server) {
        eras.invalidate(key(server));
    }

    /** Records what a server said outside discovery (a modern-only server refusing {@code initialize}). */
    void learned(UpstreamServer server, Era era) {
        eras.put(key(server), Future.succeededFuture(era));
    }

    /** Forgets every server's era (a test hook, like {@link UpstreamSessions#forgetAll}). */
    public void forgetAll() {
        eras.invalidateAll();
    }

    /** Whether a JSON-RPC error is a modern server's "unsupported protocol version" that offers 2026-07-28. */
    static boolean offersModern(JsonNode error) {
        if (error == null || error.path("code").asInt() != UNSUPPORTED_PROTOCOL_VERSION) {
            return false;
        }
        return contains(error.path("data").path("supported"), ProtocolVersions.V2026_07_28);
    }

    private Future<Era> discover(UpstreamServer server) {
        ObjectNode probe = JsonNodeFactory.instance.objectNode().put("jsonrpc", "2.0")
                .put("id", "gatehouse-discover-" + ids.incrementAndGet()).put("method", "server/discover");
        probe.putObject("params");
        ObjectNode body = ModernRequests.body(probe);
        Exchange exchange = client.post(server, null, ProtocolVersions.V2026_07_28, ModernRequests.headers(body), body,
                ignored -> { });
        long timer = vertx.setTimer(probeTimeoutMs, fired -> exchange.abort(new UpstreamException(Kind.TIMEOUT,
                server.slug() + " did not answer server/discover within " + probeTimeoutMs + " ms")));
        return exchange.response()
                .andThen(done -> vertx.cancelTimer(timer))
                .transform(answered -> {
                    if (answered.failed()) {
                        if (answered.cause() instanceof UpstreamException e && e.kind() == Kind.BAD_ANSWER) {
                            return Future.succeededFuture(found(server, Era.LEGACY));
                        }
                        return Future.failedFuture(answered.cause());
                    }
                    JsonNode response = answered.result();
                    boolean modern = contains(response.path("result").path("supportedVersions"), ProtocolVersions.V2026_07_28)
                            || offersModern(response.get("error"));
                    return Future.succeededFuture(found(server, modern ? Era.MODERN : Era.LEGACY));
                });
    }

    private static Era found(UpstreamServer server, Era era) {
        Log.debugf("upstream %s speaks %s", server.slug(), era == Era.MODERN ? "MCP 2026-07-28" : "a 2025 MCP revision");
        return era;
    }

    private static boolean contains(JsonNode versions, String version) {
        if (!versions.isArray()) {
            return false;
        }
        for (JsonNode candidate : versions) {
            if (version.equals(candidate.asText())) {
                return true;
            }
        }
        return false;
    }

    private static String key(UpstreamServer server) {
        return server.slug() + "\n" + server.url();
    }
}
