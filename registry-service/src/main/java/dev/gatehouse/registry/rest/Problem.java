package dev.gatehouse.registry.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.gatehouse.registry.service.ProblemException.FieldError;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;

/** An RFC 9457 problem document; {@code errors} lists invalid fields of a 400. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final MediaType MEDIA_TYPE = new MediaType("application", "problem+json");

    /** A problem response; {@code instance} is the request path. */
    public static Response response(int status, String title, String detail, String instance, List<FieldError> errors) {
        return Response.status(status)
                .type(MEDIA_TYPE)
                .entity(new Problem("about:blank", title, status, detail, instance, errors))
                .build();
    }
}
