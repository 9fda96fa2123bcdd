package dev.gatehouse.registry.rest;

import dev.gatehouse.registry.dto.RoutingView;
import dev.gatehouse.registry.service.RoutingService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Arrays;
import java.util.Optional;

/**
 * The gateway's routing view, service to service: only on the internal listener and only with
 * the gateway's service token ({@link InternalApi}; it carries decrypted upstream credentials).
 * The ETag is the routing version; {@code If-None-Match} with it answers 304.
 */
@Path("/internal/v1/workspaces/{slug}/routing")
@Produces(MediaType.APPLICATION_JSON)
public class RoutingResource {

    private final RoutingService service;

    public RoutingResource(RoutingService service) {
        this.service = service;
    }

    @GET
    public Response routing(@PathParam("slug") String slug, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        Optional<String> current = service.version(slug);
        if (current.isPresent() && matches(ifNoneMatch, current.get())) {
            return Response.notModified(new EntityTag(current.get())).build();
        }
        RoutingView view = service.view(slug);
        return Response.ok(view).tag(new EntityTag(view.version())).build();
    }

    private static boolean matches(String ifNoneMatch, String version) {
        if (ifNoneMatch == null) {
            return false;
        }
        String quoted = "\"" + version + "\"";
        return Arrays.stream(ifNoneMatch.split(",")).map(String::strip)
                .anyMatch(tag -> tag.equals(quoted) || tag.equals("W/" + quoted) || tag.equals("*"));
    }
}
