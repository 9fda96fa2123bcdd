package dev.gatehouse.identity.rest;

import dev.gatehouse.identity.dto.SecuritySettings;
import dev.gatehouse.identity.service.EnforcementService;
import dev.gatehouse.identity.service.WorkspaceAccess;
import io.quarkus.security.Authenticated;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** A workspace's enforcement toggle. */
@Path("/api/v1/workspaces/{slug}/security")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class SecurityResource {

    private final EnforcementService enforcement;
    private final WorkspaceAccess access;
    private final JsonWebToken jwt;

    public SecurityResource(EnforcementService enforcement, WorkspaceAccess access, JsonWebToken jwt) {
        this.enforcement = enforcement;
        this.access = access;
        this.jwt = jwt;
    }

    @GET
    public SecuritySettings get(@PathParam("slug") String slug) {
        access.requireManager(jwt, slug);
        return new SecuritySettings(enforcement.get(slug));
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public SecuritySettings set(@PathParam("slug") String slug, @Valid @NotNull SecuritySettings body) {
        String actor = access.requireManager(jwt, slug);
        return new SecuritySettings(enforcement.set(slug, body.enforcement(), actor));
    }
}
