package dev.gatehouse.bench.report;

import java.util.List;
import java.util.Map;

/**
 * A whole run: the machine, the settings used (durations, rates, data sizes), general notes and
 * each scenario's results. Written as {@code latest.json} and {@code latest.md}.
 */
public record Report(Machine machine, Map<String, String> settings, List<String> notes, List<ScenarioResult> scenarios) {
}
