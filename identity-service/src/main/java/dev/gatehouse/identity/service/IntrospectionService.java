package dev.gatehouse.identity.service;

import dev.gatehouse.identity.dto.Introspection;
import dev.gatehouse.identity.repository.TokenEntity;
import dev.gatehouse.identity.repository.WorkspaceSecurityRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Optional;

/**
 * Token in, principal out, for the gateway: everything it needs to apply
 * {@link dev.gatehouse.shared.access.ToolAccess} itself. An inactive token yields
 * {@link Introspection#INACTIVE} and nothing more, whatever the reason.
 */
@ApplicationScoped
public class IntrospectionService {

    private final TokenVerifier verifier;
    private final WorkspaceSecurityRepository security;

    public IntrospectionService(TokenVerifier verifier, WorkspaceSecurityRepository security) {
        this.verifier = verifier;
        this.security = security;
    }

    @Transactional
    public Introspection introspect(String candidate) {
        Optional<TokenEntity> verified = verifier.verify(candidate);
        if (verified.isEmpty()) {
            return Introspection.INACTIVE;
        }
        TokenEntity token = verified.get();
        return new Introspection(true, token.workspace, token.id.toString(), token.kind.role(), token.memberId,
                token.displayName, security.enforcement(token.workspace), List.copyOf(token.allowlist),
                token.expiresAt);
    }
}
