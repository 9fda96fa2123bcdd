package dev.gatehouse.registry.service;

import java.util.List;

/**
 * A request the service refuses, with the HTTP status and the words the caller sees
 * (rendered as RFC 9457 problem+json by the REST layer).
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String title;
    private final List<FieldError> errors;

    public ProblemException(int status, String title, String detail, List<FieldError> errors) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "Not Found", detail, List.of());
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "Conflict", detail, List.of());
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, "Forbidden", detail, List.of());
    }

    public static ProblemException invalid(List<FieldError> errors) {
        return new ProblemException(400, "Bad Request", "The request has invalid fields.", errors);
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

    /** One invalid field: its JSON path and what is wrong with it. */
    public record FieldError(String field, String message) {
    }
}
