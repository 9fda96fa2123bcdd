package dev.gatehouse.identity.repository;

import dev.gatehouse.shared.access.TokenKind;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
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

    /**
     * Up to {@code limit} tokens of a workspace in list order (newest first, {@code createdAt desc,
     * id desc}; index {@code tokens_workspace_list}), after or before a row's key when one is given.
     * Rows before a key come nearest-first, so the caller reverses them.
     *
     * @param kind   only this kind, or any when null
     * @param active only active (true) or inactive (false) tokens, or both when null
     * @param after  {@code true}: rows after the key in list order; {@code false}: before it
     */
    public List<TokenEntity> page(String workspace, TokenKind kind, Boolean active, Instant at,
                                  Instant keyCreatedAt, UUID keyId, boolean after, int limit) {
        StringBuilder query = new StringBuilder("workspace = :workspace");
        Parameters parameters = filters(query, workspace, kind, active, at);
        if (keyCreatedAt != null) {
            String direction = after ? "<" : ">";
            query.append(" and (createdAt ").append(direction).append(" :keyCreatedAt or (createdAt = :keyCreatedAt and id ")
                    .append(direction).append(" :keyId))");
            parameters.and("keyCreatedAt", keyCreatedAt).and("keyId", keyId);
        }
        query.append(after ? " order by createdAt desc, id desc" : " order by createdAt asc, id asc");
        return find(query.toString(), parameters).page(0, limit).list();
    }

    /** How many tokens of a workspace match the filters of {@link #page}. */
    public long countPage(String workspace, TokenKind kind, Boolean active, Instant at) {
        StringBuilder query = new StringBuilder("workspace = :workspace");
        Parameters parameters = filters(query, workspace, kind, active, at);
        return count(query.toString(), parameters);
    }

    private static Parameters filters(StringBuilder query, String workspace, TokenKind kind, Boolean active, Instant at) {
        Parameters parameters = Parameters.with("workspace", workspace);
        if (kind != null) {
            query.append(" and kind = :kind");
            parameters.and("kind", kind);
        }
        if (active != null) {
            query.append(active ? " and revokedAt is null and (expiresAt is null or expiresAt > :at)"
                    : " and (revokedAt is not null or expiresAt <= :at)");
            parameters.and("at", at);
        }
        return parameters;
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
