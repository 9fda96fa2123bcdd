package dev.gatehouse.shared.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.gatehouse.shared.db.DatabaseUnavailable;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns every failure of a Quarkus REST service into RFC 9457 problem+json, in one wording: a
 * capitalised sentence that never echoes request values (they may be tokens), never a stack trace.
 *
 * <p>Only services that set the build property {@code gatehouse.rest.problem-mappers=true} get
 * these mappers: the gateway puts shared on its classpath for {@link Problem} alone and must keep
 * its own HTTP answers. A service adds its own extras (a mapper for a type of its own, or one with
 * a higher priority) next to these.
 */
@IfBuildProperty(name = "gatehouse.rest.problem-mappers", stringValue = "true")
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        Response response = respond(e.problem());
        return e.status() == 401 ? challenge(response) : response;
    }

    /** Bean Validation of a body or of parameters; one entry per violation, sorted by field. */
    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(field(v), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field).thenComparing(FieldError::message))
                .toList();
        return problem(ProblemException.invalid(errors));
    }

    /**
     * Jackson's exceptions, and the ones Quarkus REST wraps in a 400 {@link WebApplicationException}.
     * The subtypes are listed so this mapper wins over Quarkus' built-in ones for them.
     */
    @ServerExceptionMapper({JsonProcessingException.class, JsonParseException.class, JsonMappingException.class,
            MismatchedInputException.class, UnrecognizedPropertyException.class, InvalidFormatException.class})
    public Response json(JsonProcessingException e) {
        if (e instanceof JsonParseException parse) {
            return badRequest("The body is not valid JSON (line " + parse.getLocation().getLineNr()
                    + ", column " + parse.getLocation().getColumnNr() + ").", List.of());
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            return badRequest("The body has a field this endpoint does not know.",
                    List.of(new FieldError(fieldPath(unknown), "unknown field")));
        }
        if (e instanceof JsonMappingException mapping && !fieldPath(mapping).isEmpty()) {
            return badRequest("The body does not have the expected shape.",
                    List.of(new FieldError(fieldPath(mapping), "has the wrong type or format")));
        }
        return badRequest("The body is not valid JSON of the expected shape.", List.of());
    }

    @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class})
    public Response unauthenticated() {
        return problem(ProblemException.unauthorized("A valid bearer token is required."));
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return problem(ProblemException.forbidden("This token may not do this."));
    }

    /** What Quarkus REST itself refuses: no such path (404), method (405), media type (406, 415), size (413). */
    @ServerExceptionMapper
    public Response http(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return json(json);
        }
        Response.StatusType status = e.getResponse().getStatusInfo();
        if (status.getStatusCode() >= 500) {
            logUnexpected(e, uri);
        }
        return respond(Problem.of(status.getStatusCode(), status.getReasonPhrase(), detail(status.getStatusCode())));
    }

    /** Everything else is 500, except PostgreSQL down or unreachable: 503 with Retry-After, which a caller may retry. */
    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        return DatabaseUnavailable.causeOf(e)
                .map(outage -> databaseUnavailable(outage, "The database is unavailable; try again shortly.", uri))
                .orElseGet(() -> {
                    logUnexpected(e, uri);
                    return problem(new ProblemException(500, "Internal Server Error",
                            "The request failed on our side; it has been logged.", List.of()));
                });
    }

    /** A 503 for a database outage, with Retry-After; logged as one WARN line. */
    public static Response databaseUnavailable(SQLException outage, String detail, UriInfo uri) {
        // Never the driver's message (it can quote SQL or row values) nor a stack trace: an outage
        // would flood the log. Readiness already reports the database DOWN.
        LOG.warnf("Request to %s failed: the database is unavailable (%s, SQL state %s)", uri.getPath(),
                outage.getClass().getName(), outage.getSQLState());
        return Response.fromResponse(respond(ProblemException.unavailable(detail).problem()))
                .header(HttpHeaders.RETRY_AFTER, DatabaseUnavailable.RETRY_AFTER_SECONDS).build();
    }

    public static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    /**
     * Logs the types of the cause chain and where they were thrown, never their messages: a driver's
     * message can quote row values, such as a token hash.
     */
    private static void logUnexpected(Throwable e, UriInfo uri) {
        StringBuilder causes = new StringBuilder();
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            StackTraceElement[] at = cause.getStackTrace();
            causes.append(causes.isEmpty() ? "" : " <- ").append(cause.getClass().getName())
                    .append(at.length > 0 ? " at " + at[0] : "");
        }
        LOG.errorf("Request to %s failed: %s", uri.getPath(), causes);
    }

    private static Response badRequest(String detail, List<FieldError> errors) {
        return respond(new ProblemException(400, "Bad Request", detail, errors).problem());
    }

    private static Response challenge(Response response) {
        return Response.fromResponse(response).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    private static String detail(int status) {
        return switch (status) {
            case 400 -> "The request is malformed.";
            case 404 -> "There is nothing at this path.";
            case 405 -> "This path does not support this method.";
            case 406 -> "This endpoint answers application/json only.";
            case 413 -> "The body is too large.";
            case 415 -> "Send the body as application/json.";
            default -> "The request could not be handled.";
        };
    }

    private static String fieldPath(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
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
