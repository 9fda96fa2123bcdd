package dev.gatehouse.gateway.auth;

/** identity-service could not say who a token belongs to; the request is refused (503), never let through. */
public class IdentityUnavailableException extends RuntimeException {

    public IdentityUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
