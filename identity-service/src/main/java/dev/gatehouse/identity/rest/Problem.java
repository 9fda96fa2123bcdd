package dev.gatehouse.identity.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.gatehouse.identity.service.ProblemException;
import jakarta.ws.rs.core.Response;

import java.util.List;

/** An RFC 9457 problem detail, with field-level errors for invalid requests. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, List<ProblemException.FieldProblem> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Response response(int status, String title, String detail, List<ProblemException.FieldProblem> errors) {
        return Response.status(status).type(MEDIA_TYPE)
                .entity(new Problem("about:blank", title, status, detail, errors)).build();
    }

    public static Response response(int status, String title, String detail) {
        return response(status, title, detail, List.of());
    }
}
