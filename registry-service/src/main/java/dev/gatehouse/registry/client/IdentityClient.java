package dev.gatehouse.registry.client;

import dev.gatehouse.registry.service.ProblemException;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Calls identity-service and turns every way it can fail (down, slow, an error status, a useless
 * answer) into a 503 for our caller. Timeouts are set on the REST client
 * ({@code quarkus.rest-client.identity.*}).
 */
@ApplicationScoped
public class IdentityClient {

    private final IdentityApi api;

    public IdentityClient(@RestClient IdentityApi api) {
        this.api = api;
    }

    /** Issues the admin token of a new workspace. */
    public IdentityApi.AdminToken createAdminToken(String slug) {
        IdentityApi.AdminToken token;
        try {
            token = api.createAdminToken(slug);
        } catch (RuntimeException e) {
            Log.warnf("identity-service could not issue the admin token of workspace %s: %s", slug, describe(e));
            throw unavailable();
        }
        if (token == null || token.id() == null || token.token() == null) {
            Log.warnf("identity-service answered without an admin token for workspace %s", slug);
            throw unavailable();
        }
        return token;
    }

    /** Revokes every token of a workspace. */
    public void revokeAllTokens(String slug) {
        try {
            api.revokeAllTokens(slug);
        } catch (RuntimeException e) {
            Log.warnf("identity-service could not revoke the tokens of workspace %s: %s", slug, describe(e));
            throw unavailable();
        }
    }

    /** The kind of failure only: a parse error's message could quote the token identity sent. */
    private static String describe(RuntimeException e) {
        return e instanceof WebApplicationException wae
                ? "HTTP " + wae.getResponse().getStatus()
                : e.getClass().getSimpleName();
    }

    private static ProblemException unavailable() {
        return ProblemException.unavailable("identity-service is unavailable; nothing was changed, try again later.");
    }
}
