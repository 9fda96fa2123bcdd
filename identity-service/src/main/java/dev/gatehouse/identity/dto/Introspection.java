package dev.gatehouse.identity.dto;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * The answer of {@code POST /internal/v1/introspect}: for an inactive token only {@code active: false}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Introspection(boolean active, String workspace, String tokenId, String kind, String memberId,
                            String memberName, Boolean enforcement, List<String> allowlist, Instant expiresAt) {

    public static final Introspection INACTIVE = new Introspection(false, null, null, null, null, null, null, null, null);
}
