package dev.gatehouse.shared.access;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.gatehouse.shared.access.TokenKind.AUDITOR;
import static dev.gatehouse.shared.access.TokenKind.MEMBER;
import static dev.gatehouse.shared.access.TokenKind.WORKSPACE_ADMIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ToolAccessTest {

    private static final List<String> RULES = List.of("github-mcp:list_issues", "grafana:*");

    @Test
    void adminIsAlwaysAllowedWhateverTheRules() {
        for (boolean enforcement : new boolean[] {true, false}) {
            assertTrue(ToolAccess.isAllowed(WORKSPACE_ADMIN, enforcement, RULES, "deploy", "rollout"));
            assertTrue(ToolAccess.isAllowed(WORKSPACE_ADMIN, enforcement, List.of(), "deploy", "rollout"));
        }
    }

    @Test
    void auditorNeverCallsTools() {
        assertFalse(ToolAccess.isAllowed(AUDITOR, false, List.of(), "github-mcp", "list_issues"));
        assertFalse(ToolAccess.isAllowed(AUDITOR, true, RULES, "github-mcp", "list_issues"));
    }

    @Test
    void M3_memberWithoutRulesIsDeniedEverythingWithEnforcementOn() {
        assertFalse(ToolAccess.isAllowed(MEMBER, true, List.of(), "deploy", "rollout"));
        assertFalse(ToolAccess.isAllowed(MEMBER, true, List.of(), "github-mcp", "list_issues"));
    }

    @Test
    void M3_memberWithoutRulesHasFullAccessWhileEnforcementIsOff() {
        // the product rule: owners prepare rules first, then switch enforcement on
        assertTrue(ToolAccess.isAllowed(MEMBER, false, List.of(), "deploy", "rollout"));
    }

    @Test
    void memberRulesAreIgnoredWhileEnforcementIsOff() {
        assertTrue(ToolAccess.isAllowed(MEMBER, false, RULES, "deploy", "rollout"));
    }

    @Test
    void memberWithRulesAndEnforcementCallsOnlyListedTools() {
        assertTrue(ToolAccess.isAllowed(MEMBER, true, RULES, "github-mcp", "list_issues"));
        assertFalse(ToolAccess.isAllowed(MEMBER, true, RULES, "github-mcp", "create_issue"));
        assertFalse(ToolAccess.isAllowed(MEMBER, true, RULES, "gitlab-mcp", "list_issues"));
        assertFalse(ToolAccess.isAllowed(MEMBER, true, RULES, "deploy", "rollout"));
    }

    @Test
    void wildcardRuleCoversEveryToolOfThatServerOnly() {
        assertTrue(ToolAccess.isAllowed(MEMBER, true, RULES, "grafana", "get_dashboard"));
        assertTrue(ToolAccess.isAllowed(MEMBER, true, RULES, "grafana", "delete_dashboard"));
        assertFalse(ToolAccess.isAllowed(MEMBER, true, RULES, "grafana-prod", "get_dashboard"));
    }

    @Test
    void ruleMatchingIsExactNotAPrefixOrPattern() {
        assertFalse(ToolAccess.isAllowed(MEMBER, true, RULES, "github-mcp", "list_issues_all"));
        assertFalse(ToolAccess.isAllowed(MEMBER, true, RULES, "github-mcp", "LIST_ISSUES"));
        assertFalse(ToolAccess.isAllowed(MEMBER, true, List.of("github-mcp:list_*"), "github-mcp", "list_issues"));
    }

    @Test
    void ruleSyntax() {
        assertNull(AllowlistRule.problem("github-mcp:list_issues"));
        assertNull(AllowlistRule.problem("grafana:*"));
        assertNull(AllowlistRule.problem("ab:tool.v2-x"));
        for (String bad : new String[] {"", ":", "github-mcp", "github-mcp:", ":list", "a:b:c", "GitHub:list",
                "x:list", "github mcp:list", "github-mcp:list issues", "github-mcp:' or 1=1 --",
                "github-mcp:liste\u0301", "github-mcp:" + "t".repeat(129)}) {
            assertNotNull(AllowlistRule.problem(bad), bad);
        }
        assertEquals("rule is empty", AllowlistRule.problem(null));
    }

    @Test
    void H5_toolNamesAreOneTo128CharactersOfTheMcpSet() {
        assertTrue(AllowlistRule.isToolName("alpha_echo"));
        assertTrue(AllowlistRule.isToolName("a.b-C_9"));
        assertTrue(AllowlistRule.isToolName("t".repeat(128)));
        for (String bad : new String[] {null, "", "t".repeat(129), "x".repeat(1_048_400), "a b", "=HYPERLINK(\"x\")",
                "alpha/echo", "liste\u0301", "tab\t", "new\nline"}) {
            assertFalse(AllowlistRule.isToolName(bad), String.valueOf(bad).substring(0, Math.min(20, String.valueOf(bad).length())));
        }
    }
}
