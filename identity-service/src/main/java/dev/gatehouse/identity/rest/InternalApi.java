package dev.gatehouse.identity.rest;

import dev.gatehouse.shared.service.InternalCallers;
import dev.gatehouse.shared.service.InternalListener;
import dev.gatehouse.shared.service.ServiceAuthSettings;
import dev.gatehouse.shared.service.ServiceNames;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;

/**
 * identity-service's {@code /internal/v1} API: served only on {@code gatehouse.internal.port}
 * (9082; the public port answers 404), and only to the services named here, each proving who it
 * is with a service token.
 */
@ApplicationScoped
public class InternalApi {

    /** Who may call what; anything under /internal not listed is refused. */
    static final InternalCallers CALLERS = InternalCallers.builder()
            .allow("POST", "/internal/v1/introspect", ServiceNames.GATEWAY)
            .allow("POST", "/internal/v1/workspaces/{slug}/admin-token", ServiceNames.REGISTRY)
            .allow("DELETE", "/internal/v1/workspaces/{slug}/tokens", ServiceNames.REGISTRY)
            .allow("GET", "/internal/v1/tokens/{tokenId}", ServiceNames.REGISTRY, ServiceNames.AUDIT)
            .build();

    private final Config config;
    private final int port;
    private final String host;
    private volatile InternalListener listener;

    public InternalApi(Config config, @ConfigProperty(name = "gatehouse.internal.port", defaultValue = "9082") int port,
                       @ConfigProperty(name = "quarkus.http.host", defaultValue = "0.0.0.0") String host) {
        this.config = config;
        this.port = port;
        this.host = host;
    }

    void start(@Observes Router router, Vertx vertx) {
        var verifier = ServiceAuthSettings.read(config, ServiceNames.IDENTITY).verifier();
        listener = InternalListener.start(vertx, router, host, port, verifier, CALLERS);
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
