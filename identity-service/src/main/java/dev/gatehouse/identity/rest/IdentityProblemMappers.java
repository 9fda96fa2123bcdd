package dev.gatehouse.identity.rest;

import dev.gatehouse.shared.db.DatabaseUnavailable;
import dev.gatehouse.shared.problem.ProblemException;
import dev.gatehouse.shared.problem.ProblemMappers;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** identity-service's extras to the shared problem mappers. */
public class IdentityProblemMappers {

    private final ProblemMappers shared = new ProblemMappers();

    /** A unique index refused a concurrent duplicate (e.g. a second active token for one member). */
    @ServerExceptionMapper
    public Response duplicate(org.hibernate.exception.ConstraintViolationException e) {
        return shared.problem(ProblemException.conflict("The change conflicts with a concurrent one; retry."));
    }

    /**
     * A database outage in identity's own words, which its clients have always seen (the gateway
     * fails closed on any introspection answer but 200); everything else as the shared mapper.
     */
    @ServerExceptionMapper(priority = Priorities.USER - 1)
    public Response unexpected(Exception e, UriInfo uri) {
        return DatabaseUnavailable.causeOf(e)
                .map(outage -> ProblemMappers.databaseUnavailable(outage, "the database is unavailable; try again shortly", uri))
                .orElseGet(() -> shared.unexpected(e, uri));
    }
}
