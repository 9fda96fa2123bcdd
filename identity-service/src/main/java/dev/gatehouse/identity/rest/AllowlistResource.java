package dev.gatehouse.identity.rest;

import dev.gatehouse.identity.dto.Allowlist;
import dev.gatehouse.identity.dto.AllowlistUpdate;
import dev.gatehouse.identity.service.AllowlistService;
import dev.gatehouse.identity.service.WorkspaceAccess;
import io.quarkus.security.Authenticated;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** A member token's allowlist, replaced as a whole. */
@Path("/api/v1/workspaces/{slug}/tokens/{id}/allowlist")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class AllowlistResource {

    private final AllowlistService allowlists;
    private final WorkspaceAccess access;
    private final JsonWebToken jwt;

    public AllowlistResource(AllowlistService allowlists, WorkspaceAccess access, JsonWebToken jwt) {
        this.allowlists = allowlists;
        this.access = access;
        this.jwt = jwt;
    }

    @GET
    public Allowlist get(@PathParam("slug") String slug, @PathParam("id") String id) {
        access.requireManager(jwt, slug);
        return allowlists.get(slug, id);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Allowlist replace(@PathParam("slug") String slug, @PathParam("id") String id, @NotNull AllowlistUpdate body) {
        String actor = access.requireManager(jwt, slug);
        return allowlists.replace(slug, id, body.rules(), actor);
    }
}
