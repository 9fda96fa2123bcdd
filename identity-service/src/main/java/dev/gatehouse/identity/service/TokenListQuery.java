package dev.gatehouse.identity.service;

import dev.gatehouse.shared.access.TokenKind;
import dev.gatehouse.shared.problem.FieldError;
import dev.gatehouse.shared.problem.ProblemException;

import java.util.ArrayList;
import java.util.List;

/**
 * The query parameters of the token list, checked: every bad one is named in a single 400.
 *
 * @param cursor null for the first page
 * @param kind   null for every kind
 * @param active null for active and inactive tokens
 * @param rules  {@code include=rules}: each member token's allowlist in the page
 */
public record TokenListQuery(int limit, TokenCursor cursor, TokenKind kind, Boolean active, boolean rules) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    /** From the raw query parameters (each null when absent). */
    public static TokenListQuery of(String limit, String cursor, String kind, String active, String include) {
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
        TokenCursor position = null;
        if (cursor != null) {
            try {
                position = TokenCursor.decode(cursor);
            } catch (ProblemException e) {
                errors.addAll(e.errors());
            }
        }
        TokenKind only = null;
        if (kind != null) {
            only = TokenKind.fromRole(kind).orElse(null);
            if (only == null) {
                errors.add(new FieldError("kind", "must be workspace-admin, member or auditor"));
            }
        }
        Boolean activeOnly = null;
        if (active != null) {
            if (active.equals("true") || active.equals("false")) {
                activeOnly = Boolean.valueOf(active);
            } else {
                errors.add(new FieldError("active", "must be true or false"));
            }
        }
        if (include != null && !include.equals("rules")) {
            errors.add(new FieldError("include", "must be rules"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new TokenListQuery(size, position, only, activeOnly, include != null);
    }
}
