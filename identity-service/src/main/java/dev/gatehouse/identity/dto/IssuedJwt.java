package dev.gatehouse.identity.dto;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The answer of {@code POST /api/v1/token} (OAuth 2.0 token response shape). */
public record IssuedJwt(@JsonProperty("access_token") String accessToken,
                        @JsonProperty("token_type") String tokenType,
                        @JsonProperty("expires_in") long expiresIn) {
}
