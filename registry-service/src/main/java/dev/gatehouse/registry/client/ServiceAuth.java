package dev.gatehouse.registry.client;

import dev.gatehouse.shared.service.ServiceAuthSettings;
import dev.gatehouse.shared.service.ServiceNames;
import dev.gatehouse.shared.service.ServiceTokenIssuer;
import dev.gatehouse.shared.service.ServiceTokenVerifier;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.Config;

/**
 * registry-service's service tokens ({@code gatehouse.service-auth.*}): it signs its calls to
 * identity-service and verifies the gateway's calls to its routing view. Loaded at startup, so a
 * missing or wrong key stops the service with the setting to fix.
 */
@Startup
@ApplicationScoped
public class ServiceAuth {

    private final ServiceTokenIssuer issuer;
    private final ServiceTokenVerifier verifier;

    public ServiceAuth(Config config) {
        ServiceAuthSettings settings = ServiceAuthSettings.read(config, ServiceNames.REGISTRY);
        this.issuer = settings.issuer();
        this.verifier = settings.verifier();
    }

    /** {@code Bearer <service token>} for a call to identity-service. */
    public String identityAuthorization() {
        return issuer.authorization(ServiceNames.IDENTITY);
    }

    public ServiceTokenVerifier verifier() {
        return verifier;
    }
}
