package dev.gatehouse.gateway.routing;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.gateway.config.GatewayConfig;
import dev.gatehouse.gateway.config.GatewayServiceAuth;
import dev.gatehouse.gateway.config.RegistryConfig;
import io.quarkus.logging.Log;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Workspaces' routing views from registry-service (its internal listener, with the gateway's
 * service token), cached and revalidated with
 * {@code If-None-Match} once they are older than {@code gatehouse.gateway.routing-revalidate-after}
 * (a 304 costs the registry almost nothing). A version change fires {@link ToolSetChanged}.
 * While the registry is unreachable the last known view keeps serving.
 */
@ApplicationScoped
public class RoutingService {

    private final WebClient client;
    private final String baseUrl;
    private final long revalidateAfterMs;
    private final ObjectMapper json;
    private final Event<ToolSetChanged> changes;
    private final GatewayServiceAuth serviceAuth;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final Map<String, Future<Optional<Routing>>> inFlight = new ConcurrentHashMap<>();

    public RoutingService(Vertx vertx, RegistryConfig registry, GatewayConfig config, ObjectMapper json,
                          Event<ToolSetChanged> changes, GatewayServiceAuth serviceAuth) {
        this.serviceAuth = serviceAuth;
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout((int) config.upstream().connectTimeout().toMillis())
                .setKeepAlive(true));
        this.baseUrl = registry.url().replaceAll("/+$", "");
        this.revalidateAfterMs = config.routingRevalidateAfter().toMillis();
        this.json = json;
        this.changes = changes;
    }

    /** The workspace's routing; empty when the registry does not know the workspace. */
    public Future<Optional<Routing>> routing(String workspace) {
        Cached cached = cache.get(workspace);
        if (cached != null && System.currentTimeMillis() - cached.checkedAt < revalidateAfterMs) {
            return Future.succeededFuture(Optional.of(cached.routing));
        }
        Future<Optional<Routing>> pending = inFlight.get(workspace);
        if (pending != null && !pending.isComplete()) {
            return pending;
        }
        Future<Optional<Routing>> fetching = fetch(workspace);
        inFlight.put(workspace, fetching);
        fetching.onComplete(done -> inFlight.remove(workspace, fetching));
        return fetching;
    }

    private Future<Optional<Routing>> fetch(String workspace) {
        Cached previous = cache.get(workspace);
        var request = client.getAbs(baseUrl + "/internal/v1/workspaces/"
                        + URLEncoder.encode(workspace, StandardCharsets.UTF_8) + "/routing")
                .putHeader("Authorization", serviceAuth.registryAuthorization())
                .timeout(revalidateAfterMs * 2 + 1000);
        if (previous != null) {
            request.putHeader("If-None-Match", previous.etag);
        }
        return request.send()
                .map(response -> interpret(workspace, previous, response))
                .recover(failure -> {
                    if (previous != null) {
                        Log.warnf("registry unreachable (%s); serving the last routing of %s (version %s)",
                                failure.getMessage(), workspace, previous.routing.version());
                        return Future.succeededFuture(Optional.of(previous.routing));
                    }
                    return Future.failedFuture(new RegistryUnavailableException(
                            "registry-service did not answer the routing of " + workspace, failure));
                });
    }

    private Optional<Routing> interpret(String workspace, Cached previous, HttpResponse<Buffer> response) {
        switch (response.statusCode()) {
            case 304 -> {
                previous.checkedAt = System.currentTimeMillis();
                return Optional.of(previous.routing);
            }
            case 404 -> {
                if (cache.remove(workspace) != null) {
                    changes.fire(new ToolSetChanged(workspace, "workspace removed"));
                }
                return Optional.empty();
            }
            case 200 -> {
                Routing routing = parse(response.body());
                String etag = Optional.ofNullable(response.getHeader("ETag")).orElse("\"" + routing.version() + "\"");
                cache.put(workspace, new Cached(routing, etag));
                if (previous != null && !previous.routing.version().equals(routing.version())) {
                    Log.infof("routing of %s changed: version %s -> %s", workspace, previous.routing.version(),
                            routing.version());
                    changes.fire(new ToolSetChanged(workspace, "routing version " + routing.version()));
                }
                return Optional.of(routing);
            }
            default -> throw new RegistryUnavailableException(
                    "registry-service answered " + response.statusCode() + " for the routing of " + workspace, null);
        }
    }

    private Routing parse(Buffer body) {
        try {
            return json.readValue(body.getBytes(), Routing.class);
        } catch (IOException e) {
            throw new RegistryUnavailableException("registry-service sent an unreadable routing view", e);
        }
    }

    /** Revalidates the workspace now if its view is due (used for workspaces with open notification streams). */
    public void revalidate(String workspace) {
        routing(workspace).onFailure(failure -> Log.debugf("revalidating %s failed: %s", workspace, failure.getMessage()));
    }

    private static final class Cached {
        final Routing routing;
        final String etag;
        volatile long checkedAt = System.currentTimeMillis();

        Cached(Routing routing, String etag) {
            this.routing = routing;
            this.etag = etag;
        }
    }
}
