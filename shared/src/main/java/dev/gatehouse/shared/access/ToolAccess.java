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
 *   <li>member, enforcement on: allowed only for a rule {@code server:tool} or {@code server:*}
 *       (prompts: {@code server:prompt:name|*}; resources: {@code server:resource:uri|prefix*|*}). No
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

    /** The JSON-RPC error message of a refused {@code prompts/get} (code {@link #NOT_ALLOWED_CODE}). */
    public static final String PROMPT_NOT_ALLOWED_MESSAGE = "Prompt not allowed for this user";
    /** The JSON-RPC error message of a refused resource read (code {@link #NOT_ALLOWED_CODE}). */
    public static final String RESOURCE_NOT_ALLOWED_MESSAGE = "Resource not allowed for this user";

    /**
     * May this token get this prompt: as for tools, with rules {@code server:prompt:name} or
     * {@code server:prompt:*} ({@code server:*} covers tools only, as it always did).
     */
    public static boolean isPromptAllowed(TokenKind kind, boolean enforcement, Collection<String> rules,
                                          String serverSlug, String promptName) {
        return switch (kind) {
            case WORKSPACE_ADMIN -> true;
            case AUDITOR -> false;
            case MEMBER -> !enforcement || rules.contains(serverSlug + ":" + AllowlistRule.PROMPT + ":" + promptName)
                    || rules.contains(serverSlug + ":" + AllowlistRule.PROMPT + ":*");
        };
    }

    /**
     * May this token read (or complete, or list) this resource URI: as for tools, with rules
     * {@code server:resource:URI} (exact), {@code server:resource:PREFIX*} or {@code server:resource:*}.
     */
    public static boolean isResourceAllowed(TokenKind kind, boolean enforcement, Collection<String> rules,
                                            String serverSlug, String uri) {
        return switch (kind) {
            case WORKSPACE_ADMIN -> true;
            case AUDITOR -> false;
            case MEMBER -> !enforcement || rules.stream().anyMatch(rule -> resourceRuleMatches(rule, serverSlug, uri));
        };
    }

    private static boolean resourceRuleMatches(String rule, String serverSlug, String uri) {
        String head = serverSlug + ":" + AllowlistRule.RESOURCE + ":";
        if (!rule.startsWith(head)) {
            return false;
        }
        String pattern = rule.substring(head.length());
        return pattern.endsWith("*") ? uri.startsWith(pattern.substring(0, pattern.length() - 1)) : pattern.equals(uri);
    }
}
