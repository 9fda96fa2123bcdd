package dev.gatehouse.identity.rest;

import dev.gatehouse.identity.dto.TokenLiveness;
import dev.gatehouse.identity.service.TokenService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /internal/v1/tokens/{tokenId}}: is the token behind a management JWT ({@code tid})
 * still active? registry-service and audit-service ask on every JWT-authenticated request, so a
 * rotated or revoked admin token stops working there at once, not when its JWT expires.
 */
@Path("/internal/v1/tokens/{tokenId}")
public class InternalTokenResource {

    private final TokenService tokens;

    public InternalTokenResource(TokenService tokens) {
        this.tokens = tokens;
    }

    /** 200 always; an unknown, malformed, revoked or expired id is {@code {"active":false}}. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public TokenLiveness liveness(@PathParam("tokenId") String tokenId) {
        return tokens.liveness(tokenId);
    }
}
