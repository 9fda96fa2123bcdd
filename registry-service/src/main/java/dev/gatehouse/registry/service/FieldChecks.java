package dev.gatehouse.registry.service;

import dev.gatehouse.shared.problem.FieldError;
import dev.gatehouse.shared.problem.ProblemException;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Collects field errors of one request so the caller learns about all of them at once. */
final class FieldChecks {

    static final Pattern SLUG = Pattern.compile("[a-z0-9-]{2,63}");
    private static final int MAX_NAME = 200;

    private final List<FieldError> errors = new ArrayList<>();

    void fail(String field, String message) {
        errors.add(new FieldError(field, message));
    }

    boolean ok() {
        return errors.isEmpty();
    }

    /** Throws a 400 problem listing every error collected so far, if any. */
    void throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }

    void slug(String field, String value) {
        if (value == null) {
            fail(field, "is required");
        } else if (!SLUG.matcher(value).matches()) {
            fail(field, "must be 2 to 63 characters: lowercase letters, digits and hyphens");
        }
    }

    /** A display name: 1 to 200 characters, no control characters. Returns it trimmed, or null when invalid. */
    String name(String field, String value) {
        if (value == null || value.isBlank()) {
            fail(field, "must not be empty");
            return null;
        }
        String trimmed = value.strip();
        if (trimmed.length() > MAX_NAME) {
            fail(field, "must be at most " + MAX_NAME + " characters");
            return null;
        }
        if (trimmed.chars().anyMatch(Character::isISOControl)) {
            fail(field, "must not contain control characters");
            return null;
        }
        return trimmed;
    }

    /** Fails with a 400 when the request had no body at all. */
    static void requireBody(Object body) {
        if (body == null) {
            throw ProblemException.invalid(List.of(new FieldError("", "a JSON body is required")));
        }
    }
}
