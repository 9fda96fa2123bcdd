package dev.gatehouse.identity.rest;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.gatehouse.identity.service.ProblemException;
import dev.gatehouse.shared.db.DatabaseUnavailable;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Turns every failure into RFC 9457 problem+json. Messages never echo request values (they may be
 * tokens) and never carry a stack trace.
 */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        Response response = Problem.response(e.status(), e.title(), e.getMessage(), e.errors());
        return e.status() == 401 ? challenge(response) : response;
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        List<ProblemException.FieldProblem> errors = e.getConstraintViolations().stream()
                .map(v -> new ProblemException.FieldProblem(field(v), v.getMessage()))
                .sorted(Comparator.comparing(ProblemException.FieldProblem::field))
                .toList();
        return Problem.response(400, "Bad Request", "the request is invalid", errors);
    }

    /** Listed one by one: Quarkus REST has built-in mappers for the specific Jackson types. */
    @ServerExceptionMapper({JsonProcessingException.class, JsonParseException.class, JsonMappingException.class,
            MismatchedInputException.class, InvalidFormatException.class})
    public Response unreadable(JsonProcessingException e) {
        String field = e instanceof JsonMappingException mapping ? mapping.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[") : "";
        List<ProblemException.FieldProblem> errors = field.isEmpty() ? List.of()
                : List.of(new ProblemException.FieldProblem(field, "has the wrong type or format"));
        return Problem.response(400, "Bad Request", "the request body is not valid JSON of the expected shape", errors);
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated() {
        return challenge(Problem.response(401, "Unauthorized", "a valid Bearer JWT from POST /api/v1/token is required"));
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Problem.response(403, "Forbidden", "not allowed");
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        return Problem.response(status.getStatusCode(), status.getReasonPhrase(), status.getReasonPhrase().toLowerCase());
    }

    /** A unique index refused a concurrent duplicate (e.g. a second active token for one member). */
    @ServerExceptionMapper
    public Response duplicate(org.hibernate.exception.ConstraintViolationException e) {
        return Problem.response(409, "Conflict", "the change conflicts with a concurrent one; retry");
    }

    /**
     * Everything else is 500, except PostgreSQL down or unreachable: 503 with Retry-After, which a
     * caller may retry (the gateway fails closed on any introspection answer but 200).
     */
    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        Optional<SQLException> outage = DatabaseUnavailable.causeOf(e);
        if (outage.isPresent()) {
            // One WARN line per request, never the driver's message (it can quote SQL or row values).
            Log.warnf("Database unavailable (%s, SQL state %s)", outage.get().getClass().getName(),
                    outage.get().getSQLState());
            return Response.fromResponse(Problem.response(503, "Service Unavailable",
                            "the database is unavailable; try again shortly"))
                    .header(HttpHeaders.RETRY_AFTER, DatabaseUnavailable.RETRY_AFTER_SECONDS).build();
        }
        // Only the types of the cause chain: driver messages can quote row values, such as a token hash.
        StringBuilder causes = new StringBuilder(e.getClass().getName());
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            causes.append(" <- ").append(cause.getClass().getName());
        }
        Log.errorf("Unexpected %s", causes);
        return Problem.response(500, "Internal Server Error", "an unexpected error occurred");
    }

    private static Response challenge(Response response) {
        return Response.fromResponse(response).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    /** The field's own name, without the method and parameter names Bean Validation prefixes. */
    private static String field(ConstraintViolation<?> violation) {
        String name = "";
        for (Path.Node node : violation.getPropertyPath()) {
            name = node.getName();
        }
        return name;
    }
}
