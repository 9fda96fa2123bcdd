package dev.gatehouse.identity.rest;

import dev.gatehouse.shared.service.InternalApiPort;
import dev.gatehouse.shared.service.InternalCallers;
import dev.gatehouse.shared.service.ServiceAuthSettings;
import dev.gatehouse.shared.service.ServiceNames;
import dev.gatehouse.shared.service.ServiceTokenVerifier;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * identity-service's {@code /internal/v1} API: served only on {@code gatehouse.internal.port}
 * (9082; the public port answers 404), and only to the services named here, each proving who it
 * is with a service token.
 */
@Singleton
public class InternalApi extends InternalApiPort {

    /** Who may call what; anything under /internal not listed is refused. */
    static final InternalCallers CALLERS = InternalCallers.builder()
            .allow("POST", "/internal/v1/introspect", ServiceNames.GATEWAY)
            .allow("POST", "/internal/v1/workspaces/{slug}/admin-token", ServiceNames.REGISTRY)
            .allow("DELETE", "/internal/v1/workspaces/{slug}/tokens", ServiceNames.REGISTRY)
            .allow("GET", "/internal/v1/tokens/{tokenId}", ServiceNames.REGISTRY, ServiceNames.AUDIT)
            .build();

    private final Config config;

    public InternalApi(Config config, @ConfigProperty(name = "gatehouse.internal.port", defaultValue = "9082") int port,
                       @ConfigProperty(name = "quarkus.http.host", defaultValue = "0.0.0.0") String host) {
        super(host, port, CALLERS);
        this.config = config;
    }

    @Override
    protected ServiceTokenVerifier verifier() {
        return ServiceAuthSettings.read(config, ServiceNames.IDENTITY).verifier();
    }
}
