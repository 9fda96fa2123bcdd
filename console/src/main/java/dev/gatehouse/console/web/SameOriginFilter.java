package dev.gatehouse.console.web;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.net.URI;
import java.util.Optional;

/**
 * Defence in depth beside the CSRF field and SameSite=Strict: a form post whose browser says it
 * came from another origin ({@code Origin} or {@code Sec-Fetch-Site}) is refused before anything runs.
 */
public class SameOriginFilter {

    @ServerRequestFilter
    public Optional<Response> sameOrigin(ContainerRequestContext context) {
        if (!"POST".equals(context.getMethod())) {
            return Optional.empty();
        }
        String site = context.getHeaderString("Sec-Fetch-Site");
        if (site != null) {
            // a browser that says where a request comes from is believed (it cannot be set by a page)
            return site.equals("same-origin") || site.equals("none") ? Optional.empty() : Optional.of(refused());
        }
        String origin = context.getHeaderString("Origin");
        if (origin != null) {
            try {
                String host = URI.create(origin).getRawAuthority();
                String ours = context.getHeaderString("Host");
                if (host == null || ours == null || !host.equalsIgnoreCase(ours)) {
                    return Optional.of(refused());
                }
            } catch (IllegalArgumentException e) {
                return Optional.of(refused());
            }
        }
        return Optional.empty();
    }

    private static Response refused() {
        return Response.status(403).type("text/plain").entity("Refused: this form was not sent from the console's own pages.\n").build();
    }
}
