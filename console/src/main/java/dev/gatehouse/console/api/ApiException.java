package dev.gatehouse.console.api;

import dev.gatehouse.shared.problem.FieldError;

import java.util.List;

/**
 * A service refused a call, or could not be reached. {@link #plainMessage()} says it in words a
 * person can act on; the console shows only that (never a stack trace or a raw body).
 *
 * <p>The detail and field errors are those of the service's problem+json answer (the services'
 * shared {@code dev.gatehouse.shared.problem} shape); the status is the HTTP status, or 0 when the
 * service did not answer.
 */
public final class ApiException extends RuntimeException {

    private final int status;
    private final String service;
    private final String detail;
    private final List<FieldError> fieldErrors;

    public ApiException(String service, int status, String detail, List<FieldError> fieldErrors) {
        super(service + " answered " + status, null, false, false);
        this.service = service;
        this.status = status;
        this.detail = detail;
        this.fieldErrors = List.copyOf(fieldErrors);
    }

    public int status() {
        return status;
    }

    public boolean sessionEnded() {
        return status == 401;
    }

    public List<FieldError> fieldErrors() {
        return fieldErrors;
    }

    /** The service's own sentence for the refusal, turned into something to act on. */
    public String plainMessage() {
        if (status == 0) {
            return "The " + service + " service cannot be reached right now. Try again in a few seconds.";
        }
        if (status == 503) {
            return "The " + service + " service is temporarily unavailable (its database or a service it needs is away). Try again in a few seconds.";
        }
        if (!fieldErrors.isEmpty()) {
            StringBuilder text = new StringBuilder("The " + service + " service did not accept this: ");
            for (int i = 0; i < fieldErrors.size(); i++) {
                FieldError error = fieldErrors.get(i);
                text.append(i == 0 ? "" : "; ").append(error.field()).append(' ').append(error.message());
            }
            return text.append('.').toString();
        }
        return switch (status) {
            case 401 -> "Your sign-in has ended. Sign in again.";
            case 403 -> "Your sign-in may not do this" + (detail == null ? "." : ": " + detail);
            case 404 -> detail != null ? detail : "Not found: it may have been removed.";
            case 409 -> detail != null ? detail : "This conflicts with what exists already.";
            case 413 -> "That is too large for the " + service + " service.";
            default -> detail != null ? detail : "The " + service + " service refused this (HTTP " + status + ").";
        };
    }
}
