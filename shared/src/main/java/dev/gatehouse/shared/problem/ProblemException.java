package dev.gatehouse.shared.problem;

import java.util.List;

/**
 * A request a service refuses, with the HTTP status and the words the caller sees. Thrown from any
 * layer; {@link ProblemMappers} renders it as problem+json. No stack trace: it is an answer, not a bug.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String title;
    private final List<FieldError> errors;

    public ProblemException(int status, String title, String detail, List<FieldError> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    /** 400 listing every invalid field. */
    public static ProblemException invalid(List<FieldError> errors) {
        return new ProblemException(400, "Bad Request", "The request has invalid fields.", errors);
    }

    public static ProblemException invalidField(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
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

    public static ProblemException unavailable(String detail) {
        return new ProblemException(503, "Service Unavailable", detail, List.of());
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public Problem problem() {
        return new Problem("about:blank", title, status, getMessage(), errors);
    }
}
