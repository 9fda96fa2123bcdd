package dev.gatehouse.registry.rest;

import dev.gatehouse.registry.client.ServiceAuth;
import dev.gatehouse.shared.service.InternalCallers;
import dev.gatehouse.shared.service.InternalListener;
import dev.gatehouse.shared.service.ServiceNames;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;

/**
 * registry-service's {@code /internal/v1} API (the gateway's routing view, which carries upstream
 * credentials): served only on {@code gatehouse.internal.port} (9081; the public port answers
 * 404), and only to the gateway, proven by its service token.
 */
@ApplicationScoped
public class InternalApi {

    /** Who may call what; anything under /internal not listed is refused. */
    static final InternalCallers CALLERS = InternalCallers.builder()
            .allow("GET", "/internal/v1/workspaces/{slug}/routing", ServiceNames.GATEWAY)
            .build();

    private final ServiceAuth auth;
    private final int port;
    private final String host;
    private volatile InternalListener listener;

    public InternalApi(ServiceAuth auth, @ConfigProperty(name = "gatehouse.internal.port", defaultValue = "9081") int port,
                       @ConfigProperty(name = "quarkus.http.host", defaultValue = "0.0.0.0") String host) {
        this.auth = auth;
        this.port = port;
        this.host = host;
    }

    void start(@Observes Router router, Vertx vertx) {
        listener = InternalListener.start(vertx, router, host, port, auth.verifier(), CALLERS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (listener != null) {
            listener.close(Duration.ofSeconds(5));
        }
    }

    /** The bound internal port (tests ask for a free one). */
    public int port() {
        return listener.port();
    }
}
