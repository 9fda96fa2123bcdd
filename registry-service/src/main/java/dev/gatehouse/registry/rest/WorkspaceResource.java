package dev.gatehouse.registry.rest;

import dev.gatehouse.registry.dto.WorkspaceCreateRequest;
import dev.gatehouse.registry.dto.WorkspaceCreated;
import dev.gatehouse.registry.dto.WorkspaceUpdateRequest;
import dev.gatehouse.registry.dto.WorkspaceView;
import dev.gatehouse.registry.service.WorkspaceService;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.List;

/** Workspaces: the platform operator creates them; a workspace admin reads, renames and deletes its own. */
@Path("/api/v1/workspaces")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class WorkspaceResource {

    private final WorkspaceService service;
    private final CurrentCaller caller;

    public WorkspaceResource(WorkspaceService service, CurrentCaller caller) {
        this.service = service;
        this.caller = caller;
    }

    /** Creates a workspace; the answer carries its admin token, shown only this once. */
    @POST
    public Response create(WorkspaceCreateRequest request) {
        WorkspaceCreated created = service.create(caller.get(), request);
        return Response.created(URI.create("/api/v1/workspaces/" + created.slug())).entity(created).build();
    }

    @GET
    public List<WorkspaceView> list() {
        return service.list(caller.get());
    }

    @GET
    @Path("/{slug}")
    public WorkspaceView get(@PathParam("slug") String slug) {
        return service.get(caller.get(), slug);
    }

    @PUT
    @Path("/{slug}")
    public WorkspaceView replace(@PathParam("slug") String slug, WorkspaceUpdateRequest request) {
        return service.rename(caller.get(), slug, request);
    }

    @PATCH
    @Path("/{slug}")
    public WorkspaceView patch(@PathParam("slug") String slug, WorkspaceUpdateRequest request) {
        return service.rename(caller.get(), slug, request);
    }

    /** Deletes the workspace and its servers and revokes all its tokens. */
    @DELETE
    @Path("/{slug}")
    public Response delete(@PathParam("slug") String slug) {
        service.delete(caller.get(), slug);
        return Response.noContent().build();
    }
}
