package dev.gatehouse.gateway.config;

import dev.gatehouse.shared.service.ServiceAuthSettings;
import dev.gatehouse.shared.service.ServiceNames;
import dev.gatehouse.shared.service.ServiceTokenIssuer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.Config;

/**
 * The gateway's service tokens ({@code gatehouse.service-auth.private-key}): every call to
 * identity's introspection and registry's routing view carries one. Loaded at startup, so a
 * missing or wrong key stops the gateway with the setting to fix.
 */
@Startup
@ApplicationScoped
public class GatewayServiceAuth {

    private final ServiceTokenIssuer issuer;

    public GatewayServiceAuth(Config config) {
        this.issuer = ServiceAuthSettings.read(config, ServiceNames.GATEWAY).issuer();
    }

    /** {@code Bearer <service token>} for identity-service. */
    public String identityAuthorization() {
        return issuer.authorization(ServiceNames.IDENTITY);
    }

    /** {@code Bearer <service token>} for registry-service. */
    public String registryAuthorization() {
        return issuer.authorization(ServiceNames.REGISTRY);
    }
}
