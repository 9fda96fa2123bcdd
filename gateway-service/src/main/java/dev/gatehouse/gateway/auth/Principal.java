package dev.gatehouse.gateway.auth;

import dev.gatehouse.shared.access.TokenKind;
import dev.gatehouse.shared.access.ToolAccess;

import java.util.List;

/**
 * Who is calling, as identity-service's introspection described an active {@code mng_} token.
 *
 * @param workspace   the workspace the token belongs to
 * @param tokenId     the token's id (never the token itself)
 * @param kind        admin, member or auditor
 * @param memberId    the member's id; null for admin tokens
 * @param memberName  the member's display name; null for admin tokens
 * @param enforcement whether the workspace enforces allowlists
 * @param allowlist   the member's rules ({@code server:tool}, {@code server:*}, {@code server:prompt:name},
 *                    {@code server:resource:uri}; see {@code AllowlistRule})
 */
public record Principal(String workspace, String tokenId, TokenKind kind, String memberId, String memberName,
                        boolean enforcement, List<String> allowlist) {

    public Principal {
        allowlist = List.copyOf(allowlist);
    }

    /** The one shared access rule, applied to this principal. */
    public boolean mayCall(String serverSlug, String toolName) {
        return ToolAccess.isAllowed(kind, enforcement, allowlist, serverSlug, toolName);
    }

    /** The shared rule for prompts ({@code server:prompt:name}), applied to this principal. */
    public boolean mayGetPrompt(String serverSlug, String promptName) {
        return ToolAccess.isPromptAllowed(kind, enforcement, allowlist, serverSlug, promptName);
    }

    /** The shared rule for resources ({@code server:resource:uri}), applied to this principal. */
    public boolean mayRead(String serverSlug, String uri) {
        return ToolAccess.isResourceAllowed(kind, enforcement, allowlist, serverSlug, uri);
    }
}
