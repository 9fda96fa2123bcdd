package dev.gatehouse.identity.dto;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * A token just created: the only response that carries the raw value (serialised flat: the
 * token's fields plus {@code token}).
 *
 * @param token the raw {@code mng_} token, shown this once
 */
public record CreatedToken(String token, @JsonUnwrapped TokenView details) {
}
