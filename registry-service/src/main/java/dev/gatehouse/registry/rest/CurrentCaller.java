package dev.gatehouse.registry.rest;

import dev.gatehouse.registry.client.IdentityClient;
import dev.gatehouse.registry.service.Caller;
import dev.gatehouse.shared.service.TokenLiveness;
import io.quarkus.security.UnauthorizedException;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Turns the verified JWT of the current request into a {@link Caller}. The JWT's signature,
 * issuer, expiry and audience ({@code gatehouse-registry}) are checked by SmallRye JWT; here, the
 * token it was issued for ({@code tid}) must still be active at identity-service, so a rotated or
 * revoked admin token stops working at once (M2). Only the operator's JWT has no {@code tid}.
 */
@ApplicationScoped
public class CurrentCaller {

    private static final String WORKSPACE_CLAIM = "workspace";
    private static final String TOKEN_ID_CLAIM = "tid";

    private final JsonWebToken jwt;
    private final IdentityClient identity;

    public CurrentCaller(JsonWebToken jwt, IdentityClient identity) {
        this.jwt = jwt;
        this.identity = identity;
    }

    /**
     * The caller; a token without a subject, or whose token is no longer active, is refused like a
     * missing one (fail closed; 503 when identity-service cannot say).
     */
    public Caller get() {
        String subject = jwt.getSubject();
        if (subject == null || subject.isBlank()) {
            throw new UnauthorizedException();
        }
        Caller caller = new Caller(subject, jwt.getGroups(), jwt.getClaim(WORKSPACE_CLAIM));
        if (!caller.isOperator() && !TokenLiveness.stillActive(jwt.getClaim(TOKEN_ID_CLAIM), identity::tokenActive)) {
            throw new UnauthorizedException();
        }
        return caller;
    }
}
