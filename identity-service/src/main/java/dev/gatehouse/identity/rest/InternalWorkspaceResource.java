package dev.gatehouse.identity.rest;

import dev.gatehouse.identity.dto.CreatedToken;
import dev.gatehouse.identity.service.TokenService;
import dev.gatehouse.shared.access.AllowlistRule;
import dev.gatehouse.shared.problem.ProblemException;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * What registry-service calls while it creates or deletes a workspace (not exposed by the ingress).
 */
@Path("/internal/v1/workspaces/{slug}")
@Produces(MediaType.APPLICATION_JSON)
public class InternalWorkspaceResource {

    private final TokenService tokens;

    public InternalWorkspaceResource(TokenService tokens) {
        this.tokens = tokens;
    }

    /** The workspace's admin token, shown once (any previous one is revoked). */
    @POST
    @Path("admin-token")
    public Response createAdminToken(@PathParam("slug") String slug) {
        CreatedToken created = tokens.issueAdmin(validSlug(slug));
        return Response.status(Response.Status.CREATED).entity(created).build();
    }

    /** Revokes every token of the workspace. */
    @DELETE
    @Path("tokens")
    public Response revokeAll(@PathParam("slug") String slug) {
        tokens.revokeAll(validSlug(slug));
        return Response.noContent().build();
    }

    /** Workspace slugs follow the same syntax as server slugs. */
    private static String validSlug(String slug) {
        if (!AllowlistRule.SERVER_SLUG.matcher(slug).matches()) {
            throw ProblemException.invalidField("slug", "must be 2-63 lowercase letters, digits or hyphens");
        }
        return slug;
    }
}
