package dev.gatehouse.identity.rest;

import dev.gatehouse.identity.dto.IssuedJwt;
import dev.gatehouse.identity.service.JwtAudiences;
import dev.gatehouse.identity.service.TokenExchangeService;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/**
 * {@code POST /api/v1/token}: {@code Authorization: Bearer mng_...} (or the platform operator
 * credential) in, a short-lived management JWT out. {@code ?audience=registry|identity|audit}
 * (repeatable, or comma-separated) limits which services accept it; by default all three do.
 */
@Path("/api/v1/token")
public class TokenExchangeResource {

    private static final String BEARER = "Bearer ";

    private final TokenExchangeService exchange;

    public TokenExchangeResource(TokenExchangeService exchange) {
        this.exchange = exchange;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public IssuedJwt exchange(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                              @QueryParam("audience") List<String> audience) {
        String credential = authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? authorization.substring(BEARER.length()).trim() : null;
        return exchange.exchange(credential, JwtAudiences.of(audience));
    }
}
