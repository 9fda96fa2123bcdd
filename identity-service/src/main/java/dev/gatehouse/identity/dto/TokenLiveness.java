package dev.gatehouse.identity.dto;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The answer of {@code GET /internal/v1/tokens/{tokenId}}: for an inactive token only {@code active: false}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenLiveness(boolean active, String workspace, String kind) {

    public static final TokenLiveness INACTIVE = new TokenLiveness(false, null, null);
}
