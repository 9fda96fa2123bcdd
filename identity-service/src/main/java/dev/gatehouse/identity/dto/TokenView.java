package dev.gatehouse.identity.dto;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A token as the management API shows it: never the raw value, only its display prefix.
 *
 * @param active not revoked and not expired
 * @param rules  a member token's allowlist, only when the list was asked with {@code include=rules}
 *               (left out of the JSON otherwise)
 */
public record TokenView(UUID id, String workspace, String kind, String prefix, String memberId, String displayName,
                        String email, Instant expiresAt, Instant createdAt, Instant revokedAt, Instant lastUsedAt,
                        boolean active, @JsonInclude(JsonInclude.Include.NON_NULL) List<String> rules) {
}
