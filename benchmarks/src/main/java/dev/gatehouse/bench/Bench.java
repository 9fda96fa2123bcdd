package dev.gatehouse.bench;

import dev.gatehouse.bench.load.LoadGenerator;
import dev.gatehouse.bench.mcp.McpClients;
import dev.gatehouse.bench.proc.PortOwner;
import dev.gatehouse.bench.proc.ResourceSampler.Watched;
import dev.gatehouse.bench.report.Check;
import dev.gatehouse.bench.report.Machine;
import dev.gatehouse.bench.report.Report;
import dev.gatehouse.bench.report.ReportWriter;
import dev.gatehouse.bench.report.ScenarioResult;
import dev.gatehouse.bench.scenario.AuditIngestScenario;
import dev.gatehouse.bench.scenario.AuditQueryScenario;
import dev.gatehouse.bench.scenario.FootprintScenario;
import dev.gatehouse.bench.scenario.RevocationScenario;
import dev.gatehouse.bench.scenario.Scenario;
import dev.gatehouse.bench.scenario.SideBySideScenario;
import dev.gatehouse.bench.scenario.ToolCallScenario;
import dev.gatehouse.bench.scenario.ToolsListScenario;
import dev.gatehouse.bench.stack.Stack;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Runs the benchmark scenarios of issue 7 and writes {@code latest.md} and {@code latest.json}.
 *
 * <p>Usage: {@code bin/bench [--scenarios=1,2] [--warmup=10] [--measure=30] [--key=value ...]};
 * every setting is listed in benchmarks/README.md and recorded in the results.
 */
public final class Bench {

    private static final List<Scenario> SCENARIOS = List.of(ToolCallScenario.json(), ToolCallScenario.sse(),
            new ToolsListScenario(), new AuditIngestScenario(), new AuditQueryScenario(), new RevocationScenario(),
            new FootprintScenario(), new SideBySideScenario());

    private Bench() {
    }

    public static void main(String[] args) {
        Report report = run(Settings.parse(args));
        System.out.println(ReportWriter.markdown(report));
    }

    /** Runs the chosen scenarios and writes the results; a scenario that fails is reported, not fatal. */
    public static Report run(Settings settings) {
        Path resultsDir = Path.of(settings.string("results", "benchmarks/results"));
        Path logs = Path.of(settings.string("logs", "benchmarks/target/bench-logs"));
        List<String> chosen = settings.list("scenarios", "1,2,3,4,5,6,7,8");
        List<String> notes = new ArrayList<>();
        notes.add("Load average when the run started: " + loadAverage() + " (on a shared machine, figures are noisy).");
        String note = settings.string("note", "");
        if (!note.isBlank()) {
            notes.add(note);
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Optional<Stack> stack = Stack.detect(settings, http);
        if (stack.isEmpty()) {
            notes.add("No Gatehouse stack was listening: only the direct-vs-direct parts ran.");
        }
        List<ScenarioResult> results = new ArrayList<>();
        try (Upstreams upstreams = new Upstreams(logs, Path.of(settings.string("npm.dir", "benchmarks/target/npm"))); McpClients mcp = new McpClients()) {
            LoadGenerator load = new LoadGenerator(settings.seconds("warmup", 10), settings.seconds("measure", 30),
                    () -> watched(stack, upstreams));
            BenchContext context = new BenchContext(settings, mcp, http, load, upstreams, stack, logs,
                    Collections.unmodifiableList(results));
            for (Scenario scenario : SCENARIOS) {
                if (chosen.contains(scenario.id())) {
                    System.out.println("scenario " + scenario.id() + ": " + scenario.title());
                    results.add(runOne(scenario, context));
                }
            }
        }
        Report report = new Report(Machine.current(), settings.used(), notes, results);
        ReportWriter.write(report, resultsDir);
        return report;
    }

    private static ScenarioResult runOne(Scenario scenario, BenchContext context) {
        try {
            return scenario.run(context);
        } catch (Exception | AssertionError e) {
            System.err.println("scenario " + scenario.id() + " did not run:");
            e.printStackTrace();
            ScenarioResult failed = new ScenarioResult(scenario.id(), scenario.title());
            failed.check(Check.notRun("scenario " + scenario.id(), "-", "did not run"));
            return failed.note("Did not run: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** The processes whose CPU and RSS the phases report: services, upstreams and the load generator. */
    private static List<Watched> watched(Optional<Stack> stack, Upstreams upstreams) {
        List<Watched> watched = new ArrayList<>(stack.map(Stack::processes).orElse(List.of()));
        upstreams.all().forEach((name, upstream) -> PortOwner.pidListeningOn(upstream.port())
                .ifPresent(pid -> watched.add(new Watched("upstream " + name, pid))));
        upstreams.nodePids().forEach((name, pid) -> watched.add(new Watched(name, pid)));
        watched.add(new Watched("load generator", ProcessHandle.current().pid()));
        return watched;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim().split(" ")[0];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
