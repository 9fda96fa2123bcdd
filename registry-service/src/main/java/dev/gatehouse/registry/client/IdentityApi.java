package dev.gatehouse.registry.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** identity-service's internal API (CONTRACTS.md); use it through {@link IdentityClient}. */
@RegisterRestClient(configKey = "identity")
@Path("/internal/v1/workspaces/{slug}")
public interface IdentityApi {

    @POST
    @Path("/admin-token")
    AdminToken createAdminToken(@PathParam("slug") String slug);

    @DELETE
    @Path("/tokens")
    void revokeAllTokens(@PathParam("slug") String slug);

    /**
     * The new workspace admin token; {@code token} is shown to the operator once and never stored here.
     * identity-service answers with the whole token record; only these two fields matter here.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record AdminToken(String id, String token) {
    }
}
