package dev.gatehouse.console.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * A signed-in person: the management JWT identity issued for their credential, and the claims the
 * console needs to lay out its pages (role, workspace, expiry). The console does not verify the
 * signature: it trusts nothing in it, every service it calls does verify it, so a forged cookie
 * gets nothing but refusals.
 *
 * @param workspace the workspace slug; null for the platform operator
 */
public record Session(String jwt, String role, String workspace, Instant expiresAt) {

    public static final String OPERATOR = "platform-operator";
    public static final String ADMIN = "workspace-admin";
    public static final String AUDITOR = "auditor";

    private static final ObjectMapper JSON = new ObjectMapper();

    public boolean operator() {
        return OPERATOR.equals(role);
    }

    /** Whether this sign-in may open {@code slug}'s pages (the services decide again on every call). */
    public boolean mayOpen(String slug) {
        return operator() || (workspace != null && workspace.equals(slug));
    }

    public boolean expired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** The claims of a compact JWS; empty when it is not one, or has no role or expiry. */
    public static Optional<Session> of(String jwt) {
        if (jwt == null || jwt.length() > 8192) {
            return Optional.empty();
        }
        String[] parts = jwt.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            JsonNode claims = JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            String role = claims.path("groups").isArray() && !claims.path("groups").isEmpty()
                    ? claims.path("groups").get(0).asText() : claims.path("groups").asText(null);
            long exp = claims.path("exp").asLong(0);
            if (role == null || exp == 0) {
                return Optional.empty();
            }
            String workspace = claims.path("workspace").isTextual() ? claims.path("workspace").asText() : null;
            return Optional.of(new Session(jwt, role, workspace, Instant.ofEpochSecond(exp)));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "Session[role=" + role + ", workspace=" + workspace + ", expiresAt=" + expiresAt + "]";
    }
}
