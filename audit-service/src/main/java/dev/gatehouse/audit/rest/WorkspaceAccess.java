package dev.gatehouse.audit.rest;

import dev.gatehouse.shared.problem.ProblemException;
import dev.gatehouse.shared.service.TokenLiveness;
import io.quarkus.security.UnauthorizedException;
import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.regex.Pattern;

/**
 * Who may read a workspace's trail (CONTRACTS.md, "JWTs"): the platform operator, or a
 * workspace-admin or auditor whose {@code workspace} claim names it. Another workspace's token
 * gets 404 (its existence is not revealed), the same workspace with another role 403. The JWT
 * must be meant for audit ({@code aud} gatehouse-audit, checked by SmallRye JWT), and the token it
 * was issued for ({@code tid}) must still be active at identity-service (401 otherwise, 503 when
 * identity cannot say): a rotated or revoked token reads nothing more (M2).
 */
@RequestScoped
public class WorkspaceAccess {

    private static final String OPERATOR = "platform-operator";
    /** registry-service's slug rule: anything else cannot name a workspace. */
    private static final Pattern SLUG = Pattern.compile("[a-z0-9-]{2,63}");

    private final JsonWebToken jwt;
    private final IdentityTokens identity;

    public WorkspaceAccess(JsonWebToken jwt, IdentityTokens identity) {
        this.jwt = jwt;
        this.identity = identity;
    }

    /** Checks the caller may read {@code slug}'s trail; returns the actor recorded for the read. */
    public String requireReader(String slug) {
        if (!SLUG.matcher(slug).matches()) {
            throw ProblemException.notFound("No such workspace.");
        }
        var groups = jwt.getGroups();
        String actor = jwt.<String>claim("tid").orElse(jwt.getSubject());
        if (groups.contains(OPERATOR)) {
            return actor;
        }
        if (!slug.equals(jwt.<String>claim("workspace").orElse(null))) {
            throw ProblemException.notFound("No such workspace.");
        }
        if (!groups.contains("workspace-admin") && !groups.contains("auditor")) {
            throw ProblemException.forbidden("Reading the audit trail needs the workspace-admin or auditor role.");
        }
        if (!TokenLiveness.stillActive(jwt.<String>claim("tid").orElse(null), identity::isActive)) {
            throw new UnauthorizedException();
        }
        return actor;
    }
}
