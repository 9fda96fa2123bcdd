package dev.gatehouse.registry.service;

import dev.gatehouse.shared.problem.FieldError;
import dev.gatehouse.shared.problem.ProblemException;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The query parameters of the server list, checked: every bad one is named in a single 400.
 *
 * @param cursor  null for the first page
 * @param enabled null for enabled and disabled servers
 * @param health  null for every health status, else {@code unknown}, {@code up} or {@code down}
 */
public record ServerListQuery(int limit, ServerCursor cursor, Boolean enabled, String health) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;
    private static final Set<String> HEALTH = Set.of("unknown", "up", "down");

    /** From the raw query parameters (each null when absent). */
    public static ServerListQuery of(String limit, String cursor, String enabled, String health) {
        List<FieldError> errors = new ArrayList<>();
        int size = DEFAULT_LIMIT;
        if (limit != null) {
            try {
                size = Integer.parseInt(limit);
            } catch (NumberFormatException e) {
                size = 0;
            }
            if (size < 1 || size > MAX_LIMIT) {
                errors.add(new FieldError("limit", "must be a whole number from 1 to " + MAX_LIMIT));
            }
        }
        ServerCursor position = null;
        if (cursor != null) {
            try {
                position = ServerCursor.decode(cursor);
            } catch (ProblemException e) {
                errors.addAll(e.errors());
            }
        }
        Boolean enabledOnly = null;
        if (enabled != null) {
            if (enabled.equals("true") || enabled.equals("false")) {
                enabledOnly = Boolean.valueOf(enabled);
            } else {
                errors.add(new FieldError("enabled", "must be true or false"));
            }
        }
        if (health != null && !HEALTH.contains(health)) {
            errors.add(new FieldError("health", "must be unknown, up or down"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new ServerListQuery(size, position, enabledOnly, health);
    }

    /** The first page of the same list: where a previous page that would not be full lands. */
    ServerListQuery first() {
        return new ServerListQuery(limit, null, enabled, health);
    }
}
