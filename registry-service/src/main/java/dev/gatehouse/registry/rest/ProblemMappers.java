package dev.gatehouse.registry.rest;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.gatehouse.registry.service.ProblemException;
import dev.gatehouse.registry.service.ProblemException.FieldError;
import dev.gatehouse.shared.db.DatabaseUnavailable;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Turns every failure into RFC 9457 problem+json; stack traces and internals never leave the service. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return Problem.response(e.status(), e.title(), e.getMessage(), path(uri), e.errors());
    }

    /**
     * Jackson's exceptions, and the ones Quarkus REST wraps in a 400 {@link WebApplicationException}.
     * The subtypes are listed so this mapper wins over Quarkus' built-in ones for them.
     */
    @ServerExceptionMapper({JsonProcessingException.class, JsonParseException.class, JsonMappingException.class,
            MismatchedInputException.class, UnrecognizedPropertyException.class, InvalidFormatException.class})
    public Response json(JsonProcessingException e, UriInfo uri) {
        if (e instanceof JsonParseException parse) {
            return Problem.response(400, "Bad Request", "The body is not valid JSON (line " + parse.getLocation().getLineNr()
                    + ", column " + parse.getLocation().getColumnNr() + ").", path(uri), List.of());
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            return Problem.response(400, "Bad Request", "The body has a field this endpoint does not know.", path(uri),
                    List.of(new FieldError(fieldPath(unknown), "unknown field")));
        }
        if (e instanceof JsonMappingException mapping && !fieldPath(mapping).isEmpty()) {
            return Problem.response(400, "Bad Request", "The body does not have the expected shape.", path(uri),
                    List.of(new FieldError(fieldPath(mapping), "has the wrong type")));
        }
        return Problem.response(400, "Bad Request", "The body is not valid JSON of the expected shape.", path(uri), List.of());
    }

    @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class})
    public Response unauthenticated(UriInfo uri) {
        Response problem = Problem.response(401, "Unauthorized",
                "A valid bearer token (JWT from identity-service) is required.", path(uri), List.of());
        return Response.fromResponse(problem).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return Problem.response(403, "Forbidden", "This token may not do this.", path(uri), List.of());
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return json(json, uri);
        }
        Response.StatusType status = e.getResponse().getStatusInfo();
        if (status.getStatusCode() >= 500) {
            Log.errorf(e, "Request to %s failed", path(uri));
        }
        return Problem.response(status.getStatusCode(), status.getReasonPhrase(), detail(status.getStatusCode()),
                path(uri), List.of());
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, UriInfo uri) {
        Optional<SQLException> outage = DatabaseUnavailable.causeOf(e);
        if (outage.isPresent()) {
            return databaseUnavailable(outage.get(), uri);
        }
        Log.errorf(e, "Request to %s failed", path(uri));
        return Problem.response(500, "Internal Server Error", "The request failed on our side; it has been logged.",
                path(uri), List.of());
    }

    /** PostgreSQL is down or unreachable: a 503 the caller may retry, not a 500. */
    private static Response databaseUnavailable(SQLException cause, UriInfo uri) {
        // One WARN line per request, without stack trace or driver message (it can quote SQL): an
        // outage would flood the log otherwise. Readiness already reports the database DOWN.
        Log.warnf("Request to %s failed: the database is unavailable (%s, SQL state %s)", path(uri),
                cause.getClass().getSimpleName(), cause.getSQLState());
        Response problem = Problem.response(503, "Service Unavailable", "The database is unavailable; try again shortly.",
                path(uri), List.of());
        return Response.fromResponse(problem).header(HttpHeaders.RETRY_AFTER, DatabaseUnavailable.RETRY_AFTER_SECONDS).build();
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

    private static String path(UriInfo uri) {
        return uri.getPath();
    }
}
