package dev.gatehouse.registry.dto;

/** Body of {@code PUT|PATCH /api/v1/workspaces/{slug}}: only the display name can change. */
public record WorkspaceUpdateRequest(String name) {
}
