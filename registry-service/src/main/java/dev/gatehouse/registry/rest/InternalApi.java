package dev.gatehouse.registry.rest;

import dev.gatehouse.registry.client.ServiceAuth;
import dev.gatehouse.shared.service.InternalApiPort;
import dev.gatehouse.shared.service.InternalCallers;
import dev.gatehouse.shared.service.ServiceNames;
import dev.gatehouse.shared.service.ServiceTokenVerifier;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * registry-service's {@code /internal/v1} API (the gateway's routing view, which carries upstream
 * credentials): served only on {@code gatehouse.internal.port} (9081; the public port answers
 * 404), and only to the gateway, proven by its service token.
 */
@Singleton
public class InternalApi extends InternalApiPort {

    /** Who may call what; anything under /internal not listed is refused. */
    static final InternalCallers CALLERS = InternalCallers.builder()
            .allow("GET", "/internal/v1/workspaces/{slug}/routing", ServiceNames.GATEWAY)
            .build();

    private final ServiceAuth auth;

    public InternalApi(ServiceAuth auth, @ConfigProperty(name = "gatehouse.internal.port", defaultValue = "9081") int port,
                       @ConfigProperty(name = "quarkus.http.host", defaultValue = "0.0.0.0") String host) {
        super(host, port, CALLERS);
        this.auth = auth;
    }

    @Override
    protected ServiceTokenVerifier verifier() {
        return auth.verifier();
    }
}
