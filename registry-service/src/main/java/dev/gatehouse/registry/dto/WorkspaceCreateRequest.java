package dev.gatehouse.registry.dto;

/** Body of {@code POST /api/v1/workspaces}; {@code name} defaults to the slug. */
public record WorkspaceCreateRequest(String slug, String name) {
}
