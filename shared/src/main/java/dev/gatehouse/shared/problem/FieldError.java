package dev.gatehouse.shared.problem;

/**
 * One invalid part of a request and what is wrong with it.
 *
 * @param field a JSON path into the body ({@code rules[1]}) or a query parameter's name
 */
public record FieldError(String field, String message) {
}
