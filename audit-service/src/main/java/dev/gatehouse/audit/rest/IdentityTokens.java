package dev.gatehouse.audit.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.shared.problem.ProblemException;
import dev.gatehouse.shared.service.ServiceAuthSettings;
import dev.gatehouse.shared.service.ServiceNames;
import dev.gatehouse.shared.service.ServiceTokenIssuer;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Asks identity-service ({@code GET /internal/v1/tokens/{tokenId}} on its internal listener, with
 * audit's service token) whether the token behind a management JWT is still active, so a rotated
 * or revoked admin token stops reading and exporting the trail at once, not when its JWT expires.
 * No cache: audit reads are few, and a cache would delay a revocation. Every failure (down, slow,
 * an error status, an unreadable answer) is 503: audit cannot say, so it refuses (fail closed).
 */
@Startup
@ApplicationScoped
public class IdentityTokens {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final ObjectMapper json = new ObjectMapper();
    private final String baseUrl;
    private final ServiceTokenIssuer issuer;

    public IdentityTokens(Config config, @ConfigProperty(name = "gatehouse.identity.url") String identityUrl) {
        this.baseUrl = identityUrl.replaceAll("/+$", "");
        this.issuer = ServiceAuthSettings.read(config, ServiceNames.AUDIT).issuer();
    }

    /**
     * @param tokenId a UUID (the JWT's {@code tid}, checked by the caller)
     * @throws ProblemException 503 when identity-service does not give a clear answer
     */
    public boolean isActive(String tokenId) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/internal/v1/tokens/" + tokenId))
                .timeout(TIMEOUT)
                .header("Accept", "application/json")
                .header("Authorization", issuer.authorization(ServiceNames.IDENTITY))
                .GET().build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200 || response.body().length > 4096) {
                throw unavailable("HTTP " + response.statusCode());
            }
            JsonNode active = json.readTree(response.body()).path("active");
            if (!active.isBoolean()) {
                throw unavailable("no \"active\" in the answer");
            }
            return active.booleanValue();
        } catch (IOException e) {
            throw unavailable(e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted");
        }
    }

    private static ProblemException unavailable(String reason) {
        Log.warnf("identity-service could not say whether a token is active: %s", reason);
        return ProblemException.unavailable("identity-service cannot confirm this token now; try again shortly.");
    }
}
