package dev.gatehouse.identity.dto;

/** Body of {@code POST /internal/v1/introspect}. */
public record IntrospectRequest(String token) {
}
