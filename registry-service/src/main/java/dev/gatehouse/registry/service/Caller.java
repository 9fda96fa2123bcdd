package dev.gatehouse.registry.service;

import dev.gatehouse.shared.problem.ProblemException;
import java.util.Objects;
import java.util.Set;

/**
 * Who is calling, from the verified JWT: subject (the actor of events), roles, and the workspace
 * the token belongs to (null for the platform operator).
 */
public record Caller(String subject, Set<String> roles, String workspace) {

    public static final String OPERATOR = "platform-operator";
    public static final String WORKSPACE_ADMIN = "workspace-admin";

    public Caller {
        Objects.requireNonNull(subject, "subject");
        roles = Set.copyOf(roles);
    }

    public boolean isOperator() {
        return roles.contains(OPERATOR);
    }

    /**
     * Fails unless the caller may manage {@code slug}. A token of another workspace gets the same
     * 404 as a workspace that does not exist, so it learns nothing; 403 only for the caller's own
     * workspace with a role that may not manage it.
     */
    public void requireManage(String slug) {
        if (isOperator()) {
            return;
        }
        if (!slug.equals(workspace)) {
            throw WorkspaceService.workspaceNotFound(slug);
        }
        if (!roles.contains(WORKSPACE_ADMIN)) {
            throw ProblemException.forbidden("Only a workspace admin or the platform operator may manage workspace '" + slug + "'.");
        }
    }

    public void requireOperator() {
        if (!isOperator()) {
            throw ProblemException.forbidden("Only the platform operator may do this.");
        }
    }
}
