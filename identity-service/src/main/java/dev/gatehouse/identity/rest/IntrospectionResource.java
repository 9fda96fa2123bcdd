package dev.gatehouse.identity.rest;

import dev.gatehouse.identity.dto.Introspection;
import dev.gatehouse.identity.dto.IntrospectRequest;
import dev.gatehouse.identity.service.IntrospectionService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code POST /internal/v1/introspect}: the gateway's token-to-principal call (not exposed by the ingress). */
@Path("/internal/v1/introspect")
public class IntrospectionResource {

    private final IntrospectionService introspection;

    public IntrospectionResource(IntrospectionService introspection) {
        this.introspection = introspection;
    }

    /** 200; a missing or malformed token is simply inactive. 503 (not inactive) when the database is unavailable. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Introspection introspect(IntrospectRequest body) {
        return introspection.introspect(body == null ? null : body.token());
    }
}
