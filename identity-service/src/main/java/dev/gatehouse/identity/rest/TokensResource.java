package dev.gatehouse.identity.rest;

import dev.gatehouse.identity.dto.CreateTokenRequest;
import dev.gatehouse.identity.dto.CreatedToken;
import dev.gatehouse.identity.dto.TokenPage;
import dev.gatehouse.identity.dto.TokenView;
import dev.gatehouse.identity.service.TokenListQuery;
import dev.gatehouse.identity.service.TokenService;
import dev.gatehouse.identity.service.WorkspaceAccess;
import io.quarkus.security.Authenticated;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** A workspace's tokens: create member and auditor tokens, list, show, revoke, rotate the admin token. */
@Path("/api/v1/workspaces/{slug}/tokens")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class TokensResource {

    private final TokenService tokens;
    private final WorkspaceAccess access;
    private final JsonWebToken jwt;

    public TokensResource(TokenService tokens, WorkspaceAccess access, JsonWebToken jwt) {
        this.tokens = tokens;
        this.access = access;
        this.jwt = jwt;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@PathParam("slug") String slug, @Valid @NotNull CreateTokenRequest body,
                           @Context UriInfo uri) {
        String actor = access.requireManager(jwt, slug);
        CreatedToken created = tokens.create(slug, body, actor);
        return Response.created(uri.getAbsolutePathBuilder().path(created.details().id().toString()).build())
                .entity(created).build();
    }

    /**
     * One page of tokens, newest first, as a JSON array (the shape callers have always read); the
     * other pages are in {@code Link} ({@code rel="next"}, {@code rel="prev"}), the count of every
     * matching token in {@code X-Total-Count}.
     */
    @GET
    public Response list(@PathParam("slug") String slug, @QueryParam("limit") String limit,
                         @QueryParam("cursor") String cursor, @QueryParam("kind") String kind,
                         @QueryParam("active") String active, @QueryParam("include") String include,
                         @Context UriInfo uri) {
        access.requireManager(jwt, slug);
        TokenPage page = tokens.page(slug, TokenListQuery.of(limit, cursor, kind, active, include));
        Response.ResponseBuilder answer = Response.ok(page.items()).header("X-Total-Count", page.total());
        if (page.next() != null) {
            answer.link(uri.getRequestUriBuilder().replaceQueryParam("cursor", page.next()).build(), "next");
        }
        if (page.previous() != null) {
            answer.link(uri.getRequestUriBuilder().replaceQueryParam("cursor", page.previous()).build(), "prev");
        }
        return answer.build();
    }

    @GET
    @Path("{id}")
    public TokenView get(@PathParam("slug") String slug, @PathParam("id") String id) {
        access.requireManager(jwt, slug);
        return tokens.get(slug, id);
    }

    @DELETE
    @Path("{id}")
    public Response revoke(@PathParam("slug") String slug, @PathParam("id") String id) {
        String actor = access.requireManager(jwt, slug);
        tokens.revoke(slug, id, actor);
        return Response.noContent().build();
    }

    /** A new admin token, shown once; the previous one stops working at once. */
    @POST
    @Path("admin/rotate")
    public Response rotateAdmin(@PathParam("slug") String slug) {
        String actor = access.requireManager(jwt, slug);
        return Response.status(Response.Status.CREATED).entity(tokens.rotateAdmin(slug, actor)).build();
    }
}
