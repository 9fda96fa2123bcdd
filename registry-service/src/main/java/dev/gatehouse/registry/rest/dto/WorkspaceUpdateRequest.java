package dev.gatehouse.registry.rest.dto;

/** Body of {@code PUT|PATCH /api/v1/workspaces/{slug}}: only the display name can change. */
public record WorkspaceUpdateRequest(String name) {
}
