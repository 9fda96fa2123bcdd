package dev.gatehouse.shared.access;

import java.util.regex.Pattern;

/** Syntax of one allowlist rule: {@code server_slug:tool_name} or {@code server_slug:*}. */
public final class AllowlistRule {

    /** A server slug: lowercase letters, digits and hyphens, 2 to 63 characters, starting with a letter or digit. */
    public static final Pattern SERVER_SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");
    /** An MCP tool name: 1 to 128 characters of A-Z a-z 0-9 _ - . */
    public static final Pattern TOOL_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

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

    /** @return null when {@code rule} is valid, otherwise why it is not */
    public static String problem(String rule) {
        if (rule == null || rule.isEmpty()) {
            return "rule is empty";
        }
        int colon = rule.indexOf(':');
        if (colon < 0 || colon != rule.lastIndexOf(':')) {
            return "rule must be server_slug:tool_name";
        }
        String server = rule.substring(0, colon);
        String tool = rule.substring(colon + 1);
        if (!SERVER_SLUG.matcher(server).matches()) {
            return "server slug must be 2-63 lowercase letters, digits or hyphens";
        }
        if (!tool.equals("*") && !isToolName(tool)) {
            return "tool name must be 1-128 characters of A-Z a-z 0-9 _ - . (or * for every tool)";
        }
        return null;
    }
}
