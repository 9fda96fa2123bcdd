package dev.gatehouse.registry.rest;

import dev.gatehouse.registry.dto.ServerPage;
import dev.gatehouse.registry.dto.ServerRequest;
import dev.gatehouse.registry.dto.ServerView;
import dev.gatehouse.registry.dto.ToolListView;
import dev.gatehouse.registry.service.HealthCheckService;
import dev.gatehouse.registry.service.ServerListQuery;
import dev.gatehouse.registry.service.ServerService;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.net.URI;

/** The upstream MCP servers of a workspace. */
@Path("/api/v1/workspaces/{slug}/servers")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ServerResource {

    private final ServerService service;
    private final HealthCheckService health;
    private final CurrentCaller caller;

    public ServerResource(ServerService service, HealthCheckService health, CurrentCaller caller) {
        this.service = service;
        this.health = health;
        this.caller = caller;
    }

    /**
     * One page of servers by slug, as a JSON array (the shape callers have always read); the other
     * pages are in {@code Link} ({@code rel="next"}, {@code rel="prev"}), the count of every
     * matching server in {@code X-Total-Count}.
     */
    @GET
    public Response list(@PathParam("slug") String slug, @QueryParam("limit") String limit,
                         @QueryParam("cursor") String cursor, @QueryParam("enabled") String enabled,
                         @QueryParam("health") String health, @Context UriInfo uri) {
        ServerPage page = service.page(caller.get(), slug, ServerListQuery.of(limit, cursor, enabled, health));
        Response.ResponseBuilder answer = Response.ok(page.items()).header("X-Total-Count", page.total());
        if (page.next() != null) {
            answer.link(uri.getRequestUriBuilder().replaceQueryParam("cursor", page.next()).build(), "next");
        }
        if (page.previous() != null) {
            answer.link(uri.getRequestUriBuilder().replaceQueryParam("cursor", page.previous()).build(), "prev");
        }
        return answer.build();
    }

    @POST
    public Response create(@PathParam("slug") String slug, ServerRequest request) {
        ServerView created = service.create(caller.get(), slug, request);
        return Response.created(URI.create("/api/v1/workspaces/" + slug + "/servers/" + created.slug()))
                .entity(created).build();
    }

    @GET
    @Path("/{serverSlug}")
    public ServerView get(@PathParam("slug") String slug, @PathParam("serverSlug") String serverSlug) {
        return service.get(caller.get(), slug, serverSlug);
    }

    /** Replaces the server's definition (absent fields take their defaults). */
    @PUT
    @Path("/{serverSlug}")
    public ServerView replace(@PathParam("slug") String slug, @PathParam("serverSlug") String serverSlug,
                              ServerRequest request) {
        return service.replace(caller.get(), slug, serverSlug, request);
    }

    /** Changes the fields present, e.g. {@code {"enabled": false}}. */
    @PATCH
    @Path("/{serverSlug}")
    public ServerView patch(@PathParam("slug") String slug, @PathParam("serverSlug") String serverSlug,
                            ServerRequest request) {
        return service.patch(caller.get(), slug, serverSlug, request);
    }

    @DELETE
    @Path("/{serverSlug}")
    public Response delete(@PathParam("slug") String slug, @PathParam("serverSlug") String serverSlug) {
        service.delete(caller.get(), slug, serverSlug);
        return Response.noContent().build();
    }

    /** Runs the MCP health check now (enabled or not) and answers the server with its new health. */
    @POST
    @Path("/{serverSlug}/health-check")
    @Consumes(MediaType.WILDCARD)
    public ServerView check(@PathParam("slug") String slug, @PathParam("serverSlug") String serverSlug) {
        return health.checkNow(caller.get(), slug, serverSlug);
    }

    /**
     * The server's tools as it lists them now (a live MCP handshake, recorded as a health check):
     * names at the upstream, as allowlist rules name them ({@code server:tool}).
     */
    @GET
    @Path("/{serverSlug}/tools")
    public ToolListView tools(@PathParam("slug") String slug, @PathParam("serverSlug") String serverSlug) {
        return health.toolsNow(caller.get(), slug, serverSlug);
    }
}
