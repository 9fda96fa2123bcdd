package dev.gatehouse.identity.repository;

import dev.gatehouse.shared.access.TokenKind;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Stored tokens. */
@ApplicationScoped
public class TokenRepository implements PanacheRepositoryBase<TokenEntity, UUID> {

    /** The one indexed lookup verification makes, whether the token is active, revoked or expired. */
    public Optional<TokenEntity> findByHash(String tokenHash) {
        return find("tokenHash", tokenHash).firstResultOptional();
    }

    public Optional<TokenEntity> findInWorkspace(String workspace, UUID id) {
        return find("id = ?1 and workspace = ?2", id, workspace).firstResultOptional();
    }

    /** Every token of a workspace, newest first. */
    public List<TokenEntity> listWorkspace(String workspace) {
        return list("workspace = ?1 order by createdAt desc, id", workspace);
    }

    public Optional<TokenEntity> activeAdmin(String workspace) {
        return find("workspace = ?1 and kind = ?2 and revokedAt is null", workspace, TokenKind.WORKSPACE_ADMIN)
                .firstResultOptional();
    }

    /** A workspace exists for identity-service while it has an active admin token. */
    public boolean workspaceExists(String workspace) {
        return activeAdmin(workspace).isPresent();
    }

    public boolean activeMemberExists(String workspace, String memberId) {
        return count("workspace = ?1 and kind = ?2 and memberId = ?3 and revokedAt is null",
                workspace, TokenKind.MEMBER, memberId) > 0;
    }

    /** Revokes every active token of {@code workspace}; returns how many. */
    public int revokeAll(String workspace, Instant at) {
        return update("revokedAt = ?1 where workspace = ?2 and revokedAt is null", at, workspace);
    }

    /** Records a use, never moving {@code last_used_at} backwards. */
    public void markUsed(UUID id, Instant at) {
        update("lastUsedAt = ?1 where id = ?2 and (lastUsedAt is null or lastUsedAt < ?1)", at, id);
    }
}
