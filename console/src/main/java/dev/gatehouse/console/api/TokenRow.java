package dev.gatehouse.console.api;

import io.quarkus.qute.TemplateData;

import java.time.Instant;

/** A token as identity lists it: never its value, only the display prefix. */
@TemplateData
public record TokenRow(String id, String kind, String prefix, String memberId, String displayName, String email,
                       Instant expiresAt, Instant createdAt, Instant revokedAt, Instant lastUsedAt, boolean active) {

    public boolean member() {
        return "member".equals(kind);
    }

    /** Who the token is for, in one phrase. */
    public String who() {
        if (displayName != null && memberId != null) {
            return displayName + " (" + memberId + ")";
        }
        return switch (kind) {
            case "workspace-admin" -> "workspace admin";
            case "auditor" -> displayName != null ? displayName + " (auditor)" : "auditor";
            default -> memberId != null ? memberId : kind;
        };
    }
}
