package dev.gatehouse.console.view;

import dev.gatehouse.shared.access.AllowlistRule;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An allowlist as the editor sends it: the ticked catalog rules plus the "other rules" box (one a
 * line), checked with the shared rule syntax before identity sees it. Duplicates are dropped,
 * order kept.
 */
public record RulesForm(List<String> ticked, String other) {

    /** identity's default {@code max-allowlist-rules}. */
    public static final int MAX_RULES = 500;

    public Set<String> rules() {
        Set<String> rules = new LinkedHashSet<>();
        if (ticked != null) {
            ticked.stream().map(String::strip).filter(rule -> !rule.isEmpty()).forEach(rules::add);
        }
        if (other != null) {
            other.lines().map(String::strip).filter(rule -> !rule.isEmpty()).forEach(rules::add);
        }
        return rules;
    }

    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        Set<String> rules = rules();
        for (String rule : rules) {
            String problem = AllowlistRule.problem(rule);
            if (problem != null) {
                problems.add("\"" + (rule.length() > 80 ? rule.substring(0, 80) + "…" : rule) + "\": " + problem + ".");
            }
            if (problems.size() >= 5) {
                break;
            }
        }
        if (rules.size() > MAX_RULES) {
            problems.add("At most " + MAX_RULES + " rules; use server:* for every tool of a server.");
        }
        return problems;
    }
}
