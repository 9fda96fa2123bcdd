package dev.gatehouse.identity.repository;

import dev.gatehouse.shared.access.TokenKind;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import org.hibernate.annotations.BatchSize;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** One {@code mng_} token as stored: its hash and metadata, never the raw value. */
@Entity
@Table(name = "tokens")
public class TokenEntity {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String workspace;

    @Convert(converter = TokenKindConverter.class)
    @Column(nullable = false)
    public TokenKind kind;

    @Column(name = "token_hash", nullable = false, unique = true)
    public String tokenHash;

    @Column(name = "display_prefix", nullable = false)
    public String displayPrefix;

    @Column(name = "member_id")
    public String memberId;

    @Column(name = "display_name")
    public String displayName;

    public String email;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Column(name = "last_used_at")
    public Instant lastUsedAt;

    /**
     * Lazy: verification of an inactive token must not load more than the row itself. A page of the
     * list with its rules loads them in one query per 200 tokens.
     */
    @ElementCollection
    @BatchSize(size = 200)
    @CollectionTable(name = "allowlist_rules", joinColumns = @JoinColumn(name = "token_id"))
    @OrderColumn(name = "position")
    @Column(name = "rule", nullable = false)
    public List<String> allowlist = new ArrayList<>();

    /** Not revoked and not expired at {@code now}. */
    public boolean isActive(Instant now) {
        return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
    }
}
