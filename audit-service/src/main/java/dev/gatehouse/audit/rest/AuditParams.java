package dev.gatehouse.audit.rest;

import dev.gatehouse.audit.EventFilter;
import dev.gatehouse.shared.problem.FieldError;
import dev.gatehouse.shared.problem.ProblemException;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.core.MultivaluedMap;
import org.jboss.resteasy.reactive.RestQuery;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The query parameters of the audit API, checked by Bean Validation (a 400 naming each bad one).
 * Which of them an endpoint takes, and that none is repeated, {@link #requireOnly} checks.
 *
 * @param from inclusive, RFC 3339 with offset
 * @param to   exclusive, RFC 3339 with offset
 */
public record AuditParams(
        @RestQuery @DateTime String from,
        @RestQuery @DateTime String to,
        @RestQuery @Pattern(regexp = TEXT, message = TEXT_RULE) String type,
        @RestQuery @Pattern(regexp = TEXT, message = TEXT_RULE) String member,
        @RestQuery @Pattern(regexp = TEXT, message = TEXT_RULE) String token,
        @RestQuery @Pattern(regexp = TEXT, message = TEXT_RULE) String server,
        @RestQuery @Pattern(regexp = TEXT, message = TEXT_RULE) String tool,
        @RestQuery @Pattern(regexp = TEXT, message = TEXT_RULE) String status,
        @RestQuery @Pattern(regexp = NAME, message = NAME_RULE) String name,
        @RestQuery @Pattern(regexp = "asc|desc", message = "must be one of asc, desc") String order,
        @RestQuery @Pattern(regexp = "[1-9][0-9]{0,2}|1000", message = "must be an integer from 1 to 1000") String limit,
        @RestQuery @Pattern(regexp = TEXT, message = TEXT_RULE) String cursor,
        @RestQuery @Pattern(regexp = "csv|ndjson", message = "must be one of csv, ndjson") String format,
        @RestQuery @Pattern(regexp = "tool|member", message = "must be one of tool, member") String by) {

    /** A free-text filter value: 1 to 200 characters, not all blank. */
    static final String TEXT = "(?s)(?=.*\\S).{1,200}";
    static final String TEXT_RULE = "must be 1 to 200 characters";
    /** A name filter: a resource URI may be longer than other filter values (the gateway keeps 256 characters). */
    static final String NAME = "(?s)(?=.*\\S).{1,256}";
    static final String NAME_RULE = "must be 1 to 256 characters";

    /** The filters every event endpoint takes. */
    static final Set<String> FILTERS = Set.of("from", "to", "type", "member", "token", "server", "tool", "status", "name",
            "order");

    /** The events {@code filter} selects in {@code workspace}. */
    EventFilter filter(String workspace) {
        return new EventFilter(workspace, fromTime(), toTime(), type, member, token, server, tool, status, name,
                "asc".equals(order));
    }

    /** Every event of {@code workspace} in [from, to), oldest first. */
    EventFilter range(String workspace) {
        return new EventFilter(workspace, fromTime(), toTime(), null, null, null, null, null, null, null, true);
    }

    Instant fromTime() {
        return instant(from);
    }

    Instant toTime() {
        return instant(to);
    }

    int pageSize() {
        return limit == null ? 100 : Integer.parseInt(limit);
    }

    /** Bean Validation names this check after its property, {@code to}. */
    @AssertTrue(message = "must be after from")
    public boolean isTo() {
        return from == null || to == null || !DateTime.Check.valid(from) || !DateTime.Check.valid(to)
                || fromTime().isBefore(toTime());
    }

    /**
     * Refuses parameters the endpoint does not take and repeated ones (the record binds only the
     * first value), all together.
     */
    static void requireOnly(MultivaluedMap<String, String> query, Set<String> allowed) {
        List<FieldError> errors = new ArrayList<>();
        for (String name : new TreeSet<>(query.keySet())) {
            if (!allowed.contains(name)) {
                errors.add(new FieldError(name, "unknown parameter; allowed: " + String.join(", ", new TreeSet<>(allowed))));
            } else if (query.get(name).size() > 1) {
                errors.add(new FieldError(name, "given more than once"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }

    private static Instant instant(String value) {
        return value == null ? null : OffsetDateTime.parse(value).toInstant();
    }

    /** An RFC 3339 date-time with an offset, e.g. 2026-11-01T00:00:00Z (absent is fine). */
    @Target(ElementType.FIELD)
    @Retention(RetentionPolicy.RUNTIME)
    @Constraint(validatedBy = DateTime.Check.class)
    @interface DateTime {

        String message() default "must be an RFC 3339 date-time with offset, e.g. 2026-11-01T00:00:00Z";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};

        class Check implements ConstraintValidator<DateTime, String> {

            @Override
            public boolean isValid(String value, ConstraintValidatorContext context) {
                return valid(value);
            }

            static boolean valid(String value) {
                try {
                    return value == null || OffsetDateTime.parse(value) != null;
                } catch (DateTimeParseException e) {
                    return false;
                }
            }
        }
    }
}
