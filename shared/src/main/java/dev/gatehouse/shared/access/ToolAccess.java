package dev.gatehouse.shared.access;

import java.util.Collection;

/**
 * The one definition of "may this token call this tool" (ARCHITECTURE.md, "Tokens and access
 * rules"). identity-service explains it, the gateway enforces it; both call this function.
 *
 * <ul>
 *   <li>workspace admin: always allowed;</li>
 *   <li>auditor: never (audit access only);</li>
 *   <li>member, enforcement off: allowed, with or without rules (owners prepare rules before they
 *       switch enforcement on; the rules are kept until then);</li>
 *   <li>member, enforcement on: allowed only for a rule {@code server:tool} or {@code server:*}. No
 *       rules means no tool at all (fail closed: {@code PUT {"rules":[]}} locks a member out, and a
 *       server added later is never reachable by accident).</li>
 * </ul>
 */
public final class ToolAccess {

    /** The JSON-RPC error code of a refused call. */
    public static final int NOT_ALLOWED_CODE = -32003;
    /** The JSON-RPC error message of a refused call, exactly as clients expect it. */
    public static final String NOT_ALLOWED_MESSAGE = "Tool not allowed for this user";

    private ToolAccess() {
    }

    public static boolean isAllowed(TokenKind kind, boolean enforcement, Collection<String> rules,
                                    String serverSlug, String toolName) {
        return switch (kind) {
            case WORKSPACE_ADMIN -> true;
            case AUDITOR -> false;
            case MEMBER -> !enforcement || matchesAnyRule(rules, serverSlug, toolName);
        };
    }

    private static boolean matchesAnyRule(Collection<String> rules, String serverSlug, String toolName) {
        return rules.contains(serverSlug + ":" + toolName) || rules.contains(serverSlug + ":*");
    }
}
