package dev.gatehouse.identity.service;

import java.util.List;

/**
 * A request identity-service refuses, with what the caller needs to know and nothing more.
 * Rendered as RFC 9457 problem+json.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String title;
    private final List<FieldProblem> errors;

    public ProblemException(int status, String title, String detail, List<FieldProblem> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    /** One invalid field of a request. */
    public record FieldProblem(String field, String message) {
    }

    public static ProblemException badRequest(String detail, List<FieldProblem> errors) {
        return new ProblemException(400, "Bad Request", detail, errors);
    }

    public static ProblemException invalidField(String field, String message) {
        return badRequest("the request is invalid", List.of(new FieldProblem(field, message)));
    }

    public static ProblemException unauthorized(String detail) {
        return new ProblemException(401, "Unauthorized", detail, List.of());
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, "Forbidden", detail, List.of());
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "Not Found", detail, List.of());
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "Conflict", detail, List.of());
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<FieldProblem> errors() {
        return errors;
    }
}
