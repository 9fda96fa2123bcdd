package dev.gatehouse.identity.dto;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Instant;

/**
 * Body of {@code POST /api/v1/workspaces/{slug}/tokens}.
 *
 * @param kind        {@code member} or {@code auditor} (admin tokens come with the workspace)
 * @param memberId    who the token is for; required for members, one active token per member
 * @param displayName the person's name; required for members
 * @param email       optional
 * @param expiresAt   optional expiry, in the future
 */
public record CreateTokenRequest(
        @NotNull @Pattern(regexp = "member|auditor", message = "must be member or auditor") String kind,
        @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}",
                message = "must be 1-128 characters of A-Z a-z 0-9 . _ @ + - starting with a letter or digit") String memberId,
        @Size(min = 1, max = 200) @Pattern(regexp = "[^\\p{Cntrl}]*", message = "must not contain control characters") String displayName,
        @Email @Size(max = 254) String email,
        @Future Instant expiresAt) {
}
