package dev.gatehouse.shared.access;

import java.util.regex.Pattern;

/**
 * Syntax of one allowlist rule. Tools (the original grammar, unchanged): {@code server_slug:tool_name}
 * or {@code server_slug:*} (every tool of the server, as before; it does not cover prompts or
 * resources). Prompts: {@code server_slug:prompt:prompt_name} or {@code server_slug:prompt:*}.
 * Resources: {@code server_slug:resource:URI}, {@code server_slug:resource:PREFIX*} (every URI
 * starting with PREFIX, e.g. {@code docs:resource:file:///handbook/*}) or {@code server_slug:resource:*}.
 * A tool name never contains {@code :}, so every rule that was valid before means what it meant.
 */
public final class AllowlistRule {

    /** A server slug: lowercase letters, digits and hyphens, 2 to 63 characters, starting with a letter or digit. */
    public static final Pattern SERVER_SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");
    /** An MCP tool name: 1 to 128 characters of A-Z a-z 0-9 _ - . */
    public static final Pattern TOOL_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
    /** The kind word of a prompt rule ({@code server:prompt:name}). */
    public static final String PROMPT = "prompt";
    /** The kind word of a resource rule ({@code server:resource:uri}). */
    public static final String RESOURCE = "resource";
    /** The longest URI (or URI prefix) a resource rule may name. */
    public static final int MAX_URI_LENGTH = 2048;

    private AllowlistRule() {
    }

    /** The longest MCP tool name. */
    public static final int MAX_TOOL_NAME_LENGTH = 128;

    /**
     * Whether {@code name} is a tool name by the MCP 2025-11-25 rule (1 to 128 characters of
     * A-Z a-z 0-9 _ - .); the length is checked first, so a huge string costs nothing.
     */
    public static boolean isToolName(String name) {
        return name != null && !name.isEmpty() && name.length() <= MAX_TOOL_NAME_LENGTH
                && TOOL_NAME.matcher(name).matches();
    }

    /**
     * Whether a resource rule can name {@code uri} exactly ({@code server:resource:URI}): 1 to 2048
     * visible characters and no {@code *} (which would make the rule a prefix).
     */
    public static boolean isResourceUri(String uri) {
        return isVisibleUri(uri) && uri.indexOf('*') < 0;
    }

    private static boolean isVisibleUri(String uri) {
        return uri != null && !uri.isEmpty() && uri.length() <= MAX_URI_LENGTH
                && uri.chars().noneMatch(c -> c <= ' ' || c == 0x7f);
    }

    /** @return null when {@code rule} is valid, otherwise why it is not */
    public static String problem(String rule) {
        if (rule == null || rule.isEmpty()) {
            return "rule is empty";
        }
        int colon = rule.indexOf(':');
        if (colon < 0) {
            return "rule must be server_slug:tool_name, server_slug:prompt:name or server_slug:resource:uri";
        }
        String server = rule.substring(0, colon);
        String rest = rule.substring(colon + 1);
        if (!SERVER_SLUG.matcher(server).matches()) {
            return "server slug must be 2-63 lowercase letters, digits or hyphens";
        }
        if (rest.startsWith(PROMPT + ":")) {
            String prompt = rest.substring(PROMPT.length() + 1);
            return prompt.equals("*") || isToolName(prompt) ? null
                    : "prompt name must be 1-128 characters of A-Z a-z 0-9 _ - . (or * for every prompt)";
        }
        if (rest.startsWith(RESOURCE + ":")) {
            String uri = rest.substring(RESOURCE.length() + 1);
            if (!isVisibleUri(uri)) {
                return "resource must be a URI, a URI prefix ending in *, or * (at most 2048 visible characters)";
            }
            return uri.indexOf('*') >= 0 && uri.indexOf('*') != uri.length() - 1
                    ? "* may only end a resource rule (a URI prefix)" : null;
        }
        if (rest.indexOf(':') >= 0) {
            return "rule must be server_slug:tool_name, server_slug:prompt:name or server_slug:resource:uri";
        }
        if (!rest.equals("*") && !isToolName(rest)) {
            return "tool name must be 1-128 characters of A-Z a-z 0-9 _ - . (or * for every tool)";
        }
        return null;
    }
}
