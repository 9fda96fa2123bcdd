package dev.gatehouse.shared.access;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.gatehouse.shared.access.TokenKind.AUDITOR;
import static dev.gatehouse.shared.access.TokenKind.MEMBER;
import static dev.gatehouse.shared.access.TokenKind.WORKSPACE_ADMIN;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The allowlist grammar's prompt and resource rules, next to the tool rules that keep their meaning. */
class PromptAndResourceRulesTest {

    @Test
    void promptAndResourceRulesAreValidAndToolRulesKeepTheirSyntax() {
        for (String good : new String[] {"docs:prompt:greet", "docs:prompt:*", "docs:resource:*",
                "docs:resource:file:///handbook/intro.md", "docs:resource:demo://one/notes/*", "docs:list_issues", "docs:*"}) {
            assertNull(AllowlistRule.problem(good), good);
        }
        for (String bad : new String[] {"docs:prompt:", "docs:prompt:bad name", "docs:resource:", "docs:resource:a*b",
                "docs:resource:has space", "docs:other:thing", "docs:a:b", "docs:resource:" + "u".repeat(2049)}) {
            assertNotNull(AllowlistRule.problem(bad), bad);
        }
    }

    @Test
    void aResourceUriCanBeNamedExactlyWhenItIsVisibleAndHasNoStar() {
        for (String good : new String[] {"demo://one/readme", "file:///handbook/intro.md", "u".repeat(2048)}) {
            assertTrue(AllowlistRule.isResourceUri(good), good);
            assertNull(AllowlistRule.problem("docs:resource:" + good), good);
        }
        for (String bad : new String[] {null, "", "demo://one/*", "a*b", "has space", "tab\there", "u".repeat(2049)}) {
            assertFalse(AllowlistRule.isResourceUri(bad), String.valueOf(bad));
        }
    }

    @Test
    void serverStarStillMeansEveryToolAndNothingElse() {
        List<String> rules = List.of("docs:*");
        assertTrue(ToolAccess.isAllowed(MEMBER, true, rules, "docs", "search"));
        assertFalse(ToolAccess.isPromptAllowed(MEMBER, true, rules, "docs", "greet"));
        assertFalse(ToolAccess.isResourceAllowed(MEMBER, true, rules, "docs", "demo://one/readme"));
    }

    @Test
    void promptRulesNameOnePromptOrAll() {
        assertTrue(ToolAccess.isPromptAllowed(MEMBER, true, List.of("docs:prompt:greet"), "docs", "greet"));
        assertFalse(ToolAccess.isPromptAllowed(MEMBER, true, List.of("docs:prompt:greet"), "docs", "status"));
        assertFalse(ToolAccess.isPromptAllowed(MEMBER, true, List.of("docs:prompt:greet"), "other", "greet"));
        assertTrue(ToolAccess.isPromptAllowed(MEMBER, true, List.of("docs:prompt:*"), "docs", "status"));
        assertFalse(ToolAccess.isPromptAllowed(MEMBER, true, List.of("docs:greet"), "docs", "greet"), "a tool rule is no prompt rule");
        assertTrue(ToolAccess.isPromptAllowed(MEMBER, false, List.of(), "docs", "greet"));
        assertTrue(ToolAccess.isPromptAllowed(WORKSPACE_ADMIN, true, List.of(), "docs", "greet"));
        assertFalse(ToolAccess.isPromptAllowed(AUDITOR, false, List.of("docs:prompt:*"), "docs", "greet"));
    }

    @Test
    void resourceRulesNameAUriAPrefixOrAll() {
        List<String> rules = List.of("docs:resource:demo://one/readme", "docs:resource:demo://one/notes/*");
        assertTrue(ToolAccess.isResourceAllowed(MEMBER, true, rules, "docs", "demo://one/readme"));
        assertFalse(ToolAccess.isResourceAllowed(MEMBER, true, rules, "docs", "demo://one/readme2"));
        assertTrue(ToolAccess.isResourceAllowed(MEMBER, true, rules, "docs", "demo://one/notes/7"));
        assertFalse(ToolAccess.isResourceAllowed(MEMBER, true, rules, "docs", "demo://one/counter"));
        assertFalse(ToolAccess.isResourceAllowed(MEMBER, true, rules, "other", "demo://one/readme"));
        assertTrue(ToolAccess.isResourceAllowed(MEMBER, true, List.of("docs:resource:*"), "docs", "x://y"));
        assertFalse(ToolAccess.isResourceAllowed(MEMBER, true, List.of(), "docs", "x://y"));
        assertFalse(ToolAccess.isResourceAllowed(AUDITOR, false, List.of("docs:resource:*"), "docs", "x://y"));
    }
}
