package dev.gatehouse.bench.scenario;

import dev.gatehouse.bench.BenchContext;
import dev.gatehouse.bench.proc.ProcStats;
import dev.gatehouse.bench.proc.ResourceSampler.Usage;
import dev.gatehouse.bench.proc.ResourceSampler.Watched;
import dev.gatehouse.bench.report.Check;
import dev.gatehouse.bench.report.ScenarioResult;
import dev.gatehouse.bench.stack.Stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scenario 7: each service's memory during scenario 1 (peak RSS sampled while scenario 1's phases
 * ran, and the kernel's own peak since the process started, {@code VmHWM}) and its start time as
 * Quarkus logs it ("started in X s", from the stack's {@code logs/<service>.log}).
 */
public final class FootprintScenario implements Scenario {

    private static final List<String> SERVICES = List.of("gateway-service", "registry-service", "identity-service", "audit-service");
    /** The local stack's log file name of each service. */
    private static final Map<String, String> LOG_NAMES = Map.of("gateway-service", "gateway", "registry-service", "registry",
            "identity-service", "identity", "audit-service", "audit");
    private static final Pattern STARTED = Pattern.compile("started in (\\d+(?:\\.\\d+)?)s");

    @Override
    public String id() {
        return "7";
    }

    @Override
    public String title() {
        return "Memory during scenario 1, and start time, of each service";
    }

    @Override
    public ScenarioResult run(BenchContext context) {
        Stack stack = context.requireStack();
        Path logs = stack.home().resolve("logs");
        ScenarioResult result = new ScenarioResult(id(), title());
        List<Watched> processes = stack.processes();
        for (String service : SERVICES) {
            OptionalDouble duringScenario1 = context.done().stream().filter(s -> s.id().equals("1"))
                    .flatMap(s -> s.phases().stream()).flatMap(p -> p.resources().stream())
                    .filter(u -> u.name().equals(service)).mapToDouble(Usage::peakRssMib).max();
            Long pid = processes.stream().filter(w -> w.name().equals(service)).map(Watched::pid).findFirst().orElse(null);
            if (duringScenario1.isPresent()) {
                result.check(Check.atMost(service + " peak RSS during scenario 1", duringScenario1.getAsDouble(), 256, "MiB"));
            } else {
                result.check(Check.notRun(service + " peak RSS during scenario 1", "≤ 256 MiB", "scenario 1 did not run"));
            }
            if (pid != null) {
                double hwm = ProcStats.peakRssKib(pid).orElse(0) / 1024.0;
                result.note(service + " (pid " + pid + "): peak RSS since it started (VmHWM) " + Check.format(hwm) + " MiB; "
                        + ProcStats.commandLine(pid).replaceAll(" -cp \\S+", "").replaceAll("\\S*quarkus-run.jar", "quarkus-run.jar"));
            }
            OptionalDouble started = startSeconds(logs.resolve(LOG_NAMES.get(service) + ".log"));
            result.check(started.isPresent()
                    ? Check.atMost(service + " start time (Quarkus 'started in')", started.getAsDouble(), 3, "s")
                    : Check.notRun(service + " start time", "≤ 3 s", "no 'started in' line in " + logs));
        }
        result.note("Start time is what Quarkus logs: from the JVM starting its main to ready, on a machine busy starting "
                + "the other services at the same time; JVM boot itself adds about 0.1-0.3 s.");
        return result;
    }

    /** The last "started in X s" of a service log. */
    private static OptionalDouble startSeconds(Path log) {
        try {
            OptionalDouble last = OptionalDouble.empty();
            for (String line : Files.readAllLines(log)) {
                Matcher m = STARTED.matcher(line);
                if (m.find()) {
                    last = OptionalDouble.of(Double.parseDouble(m.group(1)));
                }
            }
            return last;
        } catch (IOException e) {
            return OptionalDouble.empty();
        }
    }
}
