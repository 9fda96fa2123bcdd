package dev.gatehouse.bench.report;

import dev.gatehouse.bench.load.Phase;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything one scenario measured: load phases (with process usage), target checks, notes and
 * summary tables (Markdown, printed before the notes).
 */
public record ScenarioResult(String id, String title, List<Phase> phases, List<Check> checks, List<String> notes,
                             List<String> tables) {

    public ScenarioResult(String id, String title) {
        this(id, title, new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    }

    public ScenarioResult phase(Phase phase) {
        phases.add(phase);
        return this;
    }

    public ScenarioResult check(Check check) {
        checks.add(check);
        return this;
    }

    public ScenarioResult note(String note) {
        notes.add(note);
        return this;
    }

    public ScenarioResult table(String markdown) {
        tables.add(markdown);
        return this;
    }
}
