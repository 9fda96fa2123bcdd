package dev.gatehouse.shared.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * An RFC 9457 problem detail, the body of every error answer of every Gatehouse service.
 *
 * No {@code instance}: an answer about another workspace must read exactly like one about a
 * workspace that does not exist, so nothing of the request is echoed.
 *
 * @param errors the invalid fields of a 400 (absent otherwise)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** A problem without a type URI of its own ({@code about:blank}: the status says it all). */
    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail, List.of());
    }
}
