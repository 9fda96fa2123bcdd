package dev.gatehouse.registry.dto;

/**
 * Answer to a workspace creation: the workspace and its admin token, which is shown this once
 * (registry does not keep it; identity-service stores only its hash).
 */
public record WorkspaceCreated(String slug, String name, java.time.Instant createdAt, java.time.Instant updatedAt,
                               String adminTokenId, String adminToken) {
}
