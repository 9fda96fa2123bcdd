package dev.gatehouse.identity.dto;

import java.time.Instant;
import java.util.UUID;

/**
 * A token as the management API shows it: never the raw value, only its display prefix.
 *
 * @param active not revoked and not expired
 */
public record TokenView(UUID id, String workspace, String kind, String prefix, String memberId, String displayName,
                        String email, Instant expiresAt, Instant createdAt, Instant revokedAt, Instant lastUsedAt,
                        boolean active) {
}
