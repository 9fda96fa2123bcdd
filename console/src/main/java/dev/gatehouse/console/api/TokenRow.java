package dev.gatehouse.console.api;

import io.quarkus.qute.TemplateData;

import java.time.Instant;
import java.util.List;

/**
 * A token as identity lists it: never its value, only the display prefix.
 *
 * @param rules a member's allowlist when the list was asked with its rules, else null
 */
@TemplateData
public record TokenRow(String id, String kind, String prefix, String memberId, String displayName, String email,
                       Instant expiresAt, Instant createdAt, Instant revokedAt, Instant lastUsedAt, boolean active,
                       List<String> rules) {

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
