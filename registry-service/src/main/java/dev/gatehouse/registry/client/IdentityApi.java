package dev.gatehouse.registry.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * identity-service's internal API (CONTRACTS.md), on its internal listener; every call carries
 * registry's service token. Use it through {@link IdentityClient}.
 */
@RegisterRestClient(configKey = "identity")
@Path("/internal/v1")
public interface IdentityApi {

    @POST
    @Path("/workspaces/{slug}/admin-token")
    AdminToken createAdminToken(@PathParam("slug") String slug, @HeaderParam(HttpHeaders.AUTHORIZATION) String serviceToken);

    @DELETE
    @Path("/workspaces/{slug}/tokens")
    void revokeAllTokens(@PathParam("slug") String slug, @HeaderParam(HttpHeaders.AUTHORIZATION) String serviceToken);

    @GET
    @Path("/tokens/{tokenId}")
    TokenLiveness tokenLiveness(@PathParam("tokenId") String tokenId,
                                @HeaderParam(HttpHeaders.AUTHORIZATION) String serviceToken);

    /**
     * The new workspace admin token; {@code token} is shown to the operator once and never stored here.
     * identity-service answers with the whole token record; only these two fields matter here.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record AdminToken(String id, String token) {
    }

    /** Whether a token is still active ({@code workspace} and {@code kind} only when it is). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record TokenLiveness(Boolean active, String workspace, String kind) {
    }
}
