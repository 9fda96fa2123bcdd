package dev.gatehouse.identity.service;

import dev.gatehouse.identity.RawToken;
import dev.gatehouse.identity.dto.CreateTokenRequest;
import dev.gatehouse.identity.dto.CreatedToken;
import dev.gatehouse.identity.dto.TokenLiveness;
import dev.gatehouse.identity.dto.TokenPage;
import dev.gatehouse.identity.dto.TokenView;
import dev.gatehouse.identity.messaging.IdentityEvents;
import dev.gatehouse.identity.repository.TokenEntity;
import dev.gatehouse.identity.repository.TokenRepository;
import dev.gatehouse.identity.repository.WorkspaceSecurityRepository;
import dev.gatehouse.shared.access.TokenKind;
import dev.gatehouse.shared.event.EventEnvelope;
import dev.gatehouse.shared.problem.FieldError;
import dev.gatehouse.shared.problem.ProblemException;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Creating, listing, revoking and rotating tokens. The raw value leaves only in a {@link CreatedToken}. */
@ApplicationScoped
public class TokenService {

    private final TokenRepository tokens;
    private final WorkspaceSecurityRepository security;
    private final IdentityEvents events;

    public TokenService(TokenRepository tokens, WorkspaceSecurityRepository security, IdentityEvents events) {
        this.tokens = tokens;
        this.security = security;
        this.events = events;
    }

    /** A member or auditor token for {@code workspace}, which the caller already may manage. */
    @Transactional
    public CreatedToken create(String workspace, CreateTokenRequest request, String actor) {
        TokenKind kind = TokenKind.fromRole(request.kind())
                .orElseThrow(() -> ProblemException.invalidField("kind", "must be member or auditor"));
        if (kind == TokenKind.MEMBER) {
            requireMemberFields(request);
            if (tokens.activeMemberExists(workspace, request.memberId())) {
                throw ProblemException.conflict("member " + request.memberId() + " already has an active token; revoke it first");
            }
        }
        RawToken raw = RawToken.generate();
        TokenEntity token = newToken(workspace, kind, raw);
        token.memberId = request.memberId();
        token.displayName = request.displayName();
        token.email = request.email();
        token.expiresAt = request.expiresAt() == null ? null : request.expiresAt().truncatedTo(ChronoUnit.MICROS);
        tokens.persist(token);
        events.activity("token.created", workspace, actor, tokenData(token));
        Log.infof("Created %s token %s in workspace %s", kind.role(), token.id, workspace);
        return new CreatedToken(raw.value(), view(token));
    }

    /**
     * One page of the workspace's tokens, newest first, by keyset ({@code created_at, id}): each
     * token appears on exactly one page however many there are, and a page costs one indexed range
     * read. Going back from the second page lands on the first page itself.
     */
    @Transactional
    public TokenPage page(String workspace, TokenListQuery query) {
        Instant at = Instant.now();
        TokenCursor cursor = query.cursor();
        List<TokenEntity> rows;
        boolean hasPrevious;
        boolean hasNext;
        if (cursor != null && !cursor.older()) {
            List<TokenEntity> newer = new ArrayList<>(tokens.page(workspace, query.kind(), query.active(), at,
                    cursor.createdAt(), cursor.id(), false, query.limit() + 1));
            if (newer.size() <= query.limit()) {
                return page(workspace, new TokenListQuery(query.limit(), null, query.kind(), query.active(), query.rules()));
            }
            rows = newer.subList(0, query.limit()).reversed();
            hasPrevious = true;
            hasNext = true;
        } else {
            List<TokenEntity> older = tokens.page(workspace, query.kind(), query.active(), at,
                    cursor == null ? null : cursor.createdAt(), cursor == null ? null : cursor.id(), true, query.limit() + 1);
            rows = older.subList(0, Math.min(query.limit(), older.size()));
            hasPrevious = cursor != null;
            hasNext = older.size() > query.limit();
        }
        List<TokenView> items = rows.stream().map(token -> query.rules() ? viewWithRules(token) : view(token)).toList();
        String next = hasNext && !rows.isEmpty() ? key(rows.getLast(), true) : null;
        String previous = hasPrevious && !rows.isEmpty() ? key(rows.getFirst(), false) : null;
        return new TokenPage(items, next, previous, tokens.countPage(workspace, query.kind(), query.active(), at));
    }

    private static String key(TokenEntity token, boolean older) {
        return new TokenCursor(older, token.createdAt, token.id).encode();
    }

    @Transactional
    public TokenView get(String workspace, String tokenId) {
        return view(find(workspace, tokenId));
    }

    /**
     * Revokes one member or auditor token, effective immediately; nothing else changes. Revoking
     * a revoked token changes nothing.
     */
    @Transactional
    public void revoke(String workspace, String tokenId, String actor) {
        TokenEntity token = find(workspace, tokenId);
        if (token.kind == TokenKind.WORKSPACE_ADMIN) {
            throw ProblemException.conflict("the workspace admin token cannot be revoked alone; rotate it instead");
        }
        if (token.revokedAt != null) {
            return;
        }
        token.revokedAt = now();
        events.revocation("token.revoked", workspace, actor, tokenData(token));
        Log.infof("Revoked %s token %s in workspace %s", token.kind.role(), token.id, workspace);
    }

    /** Replaces the active admin token of an existing workspace: the new one is returned, the old one stops working. */
    @Transactional
    public CreatedToken rotateAdmin(String workspace, String actor) {
        return replaceAdmin(workspace, actor);
    }

    /**
     * The admin token of a workspace registry-service is creating. Only while the workspace has no
     * active admin token (409 otherwise): this endpoint never replaces one, so nothing that reaches
     * it can lock a workspace's admin out; rotation is the admin's or operator's own call
     * ({@link #rotateAdmin}). Registry calls this inside its own transaction and undoes it with
     * {@link #revokeAll}.
     */
    @Transactional
    public CreatedToken issueAdmin(String workspace) {
        if (tokens.activeAdmin(workspace).isPresent()) {
            throw ProblemException.conflict("workspace " + workspace + " already has an active admin token; rotate it instead");
        }
        return replaceAdmin(workspace, EventEnvelope.SYSTEM_ACTOR);
    }

    /** Whether the token {@code tokenId} is active, with its workspace and kind if it is. */
    @Transactional
    public TokenLiveness liveness(String tokenId) {
        return WorkspaceAccess.parseUuid(tokenId)
                .flatMap(tokens::findByIdOptional)
                .filter(token -> token.isActive(Instant.now()))
                .map(token -> new TokenLiveness(true, token.workspace, token.kind.role()))
                .orElse(TokenLiveness.INACTIVE);
    }

    /** Revokes every token of {@code workspace} and forgets its enforcement setting (the workspace is gone). */
    @Transactional
    public int revokeAll(String workspace) {
        int revoked = tokens.revokeAll(workspace, now());
        security.deleteById(workspace);
        Map<String, Object> data = Map.of("workspace", workspace, "revoked", revoked);
        events.revocation("workspace.tokens_revoked", workspace, EventEnvelope.SYSTEM_ACTOR, data);
        Log.infof("Revoked all %d active tokens of workspace %s", revoked, workspace);
        return revoked;
    }

    /** The token {@code tokenId} of {@code workspace}; 404 when the id is not one of this workspace's. */
    TokenEntity find(String workspace, String tokenId) {
        return WorkspaceAccess.parseUuid(tokenId)
                .flatMap(id -> tokens.findInWorkspace(workspace, id))
                .orElseThrow(() -> ProblemException.notFound("token not found"));
    }

    private CreatedToken replaceAdmin(String workspace, String actor) {
        Optional<TokenEntity> previous = tokens.activeAdmin(workspace);
        previous.ifPresent(old -> {
            old.revokedAt = now();
            // The partial unique index allows one active admin: the old one must be revoked first.
            tokens.flush();
        });
        RawToken raw = RawToken.generate();
        TokenEntity token = newToken(workspace, TokenKind.WORKSPACE_ADMIN, raw);
        tokens.persist(token);
        if (previous.isPresent()) {
            // tokenId names the token that stopped working, as on every revocation event.
            Map<String, Object> data = tokenData(previous.get());
            data.put("newTokenId", token.id.toString());
            events.revocation("token.rotated", workspace, actor, data);
        } else {
            events.activity("token.created", workspace, actor, tokenData(token));
        }
        Log.infof("Issued admin token %s for workspace %s", token.id, workspace);
        return new CreatedToken(raw.value(), view(token));
    }

    private static void requireMemberFields(CreateTokenRequest request) {
        List<FieldError> missing = new ArrayList<>();
        if (request.memberId() == null) {
            missing.add(new FieldError("memberId", "is required for a member token"));
        }
        if (request.displayName() == null || request.displayName().isBlank()) {
            missing.add(new FieldError("displayName", "is required for a member token"));
        }
        if (!missing.isEmpty()) {
            throw ProblemException.invalid(missing);
        }
    }

    private static TokenEntity newToken(String workspace, TokenKind kind, RawToken raw) {
        TokenEntity token = new TokenEntity();
        token.id = UUID.randomUUID();
        token.workspace = workspace;
        token.kind = kind;
        token.tokenHash = raw.hash();
        token.displayPrefix = raw.displayPrefix();
        token.createdAt = now();
        return token;
    }

    private static Map<String, Object> tokenData(TokenEntity token) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("tokenId", token.id.toString());
        data.put("kind", token.kind.role());
        if (token.memberId != null) {
            data.put("memberId", token.memberId);
        }
        return data;
    }

    static TokenView view(TokenEntity token) {
        return view(token, null);
    }

    private static TokenView viewWithRules(TokenEntity token) {
        return view(token, token.kind == TokenKind.MEMBER ? List.copyOf(token.allowlist) : null);
    }

    private static TokenView view(TokenEntity token, List<String> rules) {
        return new TokenView(token.id, token.workspace, token.kind.role(), token.displayPrefix, token.memberId,
                token.displayName, token.email, token.expiresAt, token.createdAt, token.revokedAt, token.lastUsedAt,
                token.isActive(Instant.now()), rules);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
