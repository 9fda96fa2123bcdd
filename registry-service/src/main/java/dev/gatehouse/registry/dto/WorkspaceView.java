package dev.gatehouse.registry.dto;

import dev.gatehouse.registry.Workspace;

import java.time.Instant;

/** A workspace as the API shows it. */
public record WorkspaceView(String slug, String name, Instant createdAt, Instant updatedAt) {

    public static WorkspaceView of(Workspace workspace) {
        return new WorkspaceView(workspace.slug, workspace.name, workspace.createdAt, workspace.updatedAt);
    }
}
