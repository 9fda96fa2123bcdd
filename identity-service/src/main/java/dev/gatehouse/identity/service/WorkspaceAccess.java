package dev.gatehouse.identity.service;

import dev.gatehouse.identity.repository.TokenRepository;
import dev.gatehouse.shared.access.TokenKind;
import dev.gatehouse.shared.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Who may manage a workspace's tokens, allowlists and enforcement: the platform operator, or the
 * workspace's own admin (whose admin token is still active). Another workspace's caller gets the
 * same 404 as for a workspace that does not exist, so nothing leaks.
 */
@ApplicationScoped
public class WorkspaceAccess {

    public static final String OPERATOR_ROLE = "platform-operator";
    public static final String OPERATOR_SUBJECT = "operator";

    private final TokenRepository tokens;

    public WorkspaceAccess(TokenRepository tokens) {
        this.tokens = tokens;
    }

    /**
     * @return the actor to record in events: {@code operator} or the admin's token id
     * @throws ProblemException 404 for an unknown or foreign workspace, 403 for a member or
     *                          auditor of this workspace, 401 when the admin token was revoked
     */
    @Transactional
    public String requireManager(JsonWebToken jwt, String workspace) {
        if (jwt.getGroups().contains(OPERATOR_ROLE)) {
            if (!tokens.workspaceExists(workspace)) {
                throw workspaceNotFound();
            }
            return OPERATOR_SUBJECT;
        }
        if (!workspace.equals(jwt.getClaim("workspace")) || !tokens.workspaceExists(workspace)) {
            throw workspaceNotFound();
        }
        if (!jwt.getGroups().contains(TokenKind.WORKSPACE_ADMIN.role())) {
            throw ProblemException.forbidden("only the workspace admin or the platform operator may do this");
        }
        String tokenId = jwt.getClaim("tid");
        boolean adminStillActive = parseUuid(tokenId)
                .flatMap(id -> tokens.findInWorkspace(workspace, id))
                .filter(t -> t.kind == TokenKind.WORKSPACE_ADMIN && t.isActive(Instant.now()))
                .isPresent();
        if (!adminStillActive) {
            throw ProblemException.unauthorized("the token this JWT was issued for is no longer active");
        }
        return tokenId;
    }

    public static ProblemException workspaceNotFound() {
        return ProblemException.notFound("workspace not found");
    }

    /** A path or claim id that is not a UUID names nothing. */
    public static Optional<UUID> parseUuid(String value) {
        if (value == null || value.length() != 36) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
