package dev.gatehouse.audit.rest;

import dev.gatehouse.shared.problem.FieldError;
import dev.gatehouse.shared.problem.ProblemException;
import jakarta.ws.rs.core.MultivaluedMap;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a request's query parameters strictly: unknown or repeated parameters, bad dates,
 * out-of-range numbers and overlong values are all collected, then refused together by {@link #validate()}.
 */
final class QueryParams {

    private static final int MAX_TEXT = 200;

    private final MultivaluedMap<String, String> query;
    private final List<FieldError> errors = new ArrayList<>();

    QueryParams(MultivaluedMap<String, String> query, Set<String> allowed) {
        this.query = query;
        for (String name : new TreeSet<>(query.keySet())) {
            if (!allowed.contains(name)) {
                errors.add(new FieldError(name, "unknown parameter; allowed: " + String.join(", ", new TreeSet<>(allowed))));
            } else if (query.get(name).size() > 1) {
                errors.add(new FieldError(name, "given more than once"));
            }
        }
    }

    /** A free-text filter value, or null when absent. */
    String text(String name) {
        String value = query.getFirst(name);
        if (value == null) {
            return null;
        }
        if (value.isBlank() || value.length() > MAX_TEXT) {
            errors.add(new FieldError(name, "must be 1 to " + MAX_TEXT + " characters"));
            return null;
        }
        return value;
    }

    /** An RFC 3339 date-time with an offset (e.g. 2026-11-01T00:00:00Z), or null when absent. */
    Instant instant(String name) {
        String value = query.getFirst(name);
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(name, "must be an RFC 3339 date-time with offset, e.g. 2026-11-01T00:00:00Z"));
            return null;
        }
    }

    /** One of {@code choices} (case-sensitive), {@code fallback} when absent. */
    String choice(String name, List<String> choices, String fallback) {
        String value = query.getFirst(name);
        if (value == null) {
            return fallback;
        }
        if (!choices.contains(value)) {
            errors.add(new FieldError(name, "must be one of " + String.join(", ", choices)));
            return fallback;
        }
        return value;
    }

    /** An integer in [min, max], {@code fallback} when absent. */
    int integer(String name, int min, int max, int fallback) {
        String value = query.getFirst(name);
        if (value == null) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below like an out-of-range number
        }
        errors.add(new FieldError(name, "must be an integer from " + min + " to " + max));
        return fallback;
    }

    /** Records an error found by the caller (e.g. from after to). */
    void reject(String name, String message) {
        errors.add(new FieldError(name, message));
    }

    /** Throws a 400 listing every error found so far. */
    void validate() {
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }
}
