package dev.gatehouse.registry.client;

import dev.gatehouse.shared.problem.ProblemException;
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
    private final ServiceAuth auth;

    public IdentityClient(@RestClient IdentityApi api, ServiceAuth auth) {
        this.api = api;
        this.auth = auth;
    }

    /** Issues the admin token of a new workspace. */
    public IdentityApi.AdminToken createAdminToken(String slug) {
        IdentityApi.AdminToken token;
        try {
            token = api.createAdminToken(slug, auth.identityAuthorization());
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 409) {
                // identity issues an admin token only while none is active: an earlier creation was not undone
                Log.errorf("identity-service still holds an active admin token for workspace %s; revoke it there", slug);
                throw ProblemException.conflict("identity-service still holds an active admin token for workspace '"
                        + slug + "' (an earlier creation was not undone); nothing was changed.");
            }
            Log.warnf("identity-service could not issue the admin token of workspace %s: %s", slug, describe(e));
            throw unavailable();
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
            api.revokeAllTokens(slug, auth.identityAuthorization());
        } catch (RuntimeException e) {
            Log.warnf("identity-service could not revoke the tokens of workspace %s: %s", slug, describe(e));
            throw unavailable();
        }
    }

    /**
     * Whether the token a management JWT was issued for ({@code tid}) is still active: a rotated
     * or revoked admin token stops working here at once, not when its JWT expires. Asked on every
     * request (no cache: management calls are few, and a cache would delay revocation).
     *
     * @throws ProblemException 503 when identity-service cannot say (fail closed)
     */
    public boolean tokenActive(String tokenId) {
        IdentityApi.TokenLiveness liveness;
        try {
            liveness = api.tokenLiveness(tokenId, auth.identityAuthorization());
        } catch (RuntimeException e) {
            Log.warnf("identity-service could not say whether token %s is active: %s", tokenId, describe(e));
            throw ProblemException.unavailable("identity-service is unavailable; try again later.");
        }
        if (liveness == null || liveness.active() == null) {
            Log.warnf("identity-service answered without \"active\" for token %s", tokenId);
            throw ProblemException.unavailable("identity-service is unavailable; try again later.");
        }
        return liveness.active();
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
