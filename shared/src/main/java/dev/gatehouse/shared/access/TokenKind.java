package dev.gatehouse.shared.access;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of {@code mng_} token, with the role name they carry in JWTs and APIs. */
public enum TokenKind {
    /** Full access to the workspace, always, regardless of allowlists. */
    WORKSPACE_ADMIN("workspace-admin"),
    /** One person; may be restricted by an allowlist. */
    MEMBER("member"),
    /** Read-only access to the workspace's audit trail; cannot call tools. */
    AUDITOR("auditor");

    private final String role;

    TokenKind(String role) {
        this.role = role;
    }

    /** The name used on the wire: JWT {@code groups}, API bodies, events. */
    public String role() {
        return role;
    }

    public static Optional<TokenKind> fromRole(String role) {
        return Arrays.stream(values()).filter(kind -> kind.role.equals(role)).findFirst();
    }
}
