package dev.gatehouse.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.gatehouse.bench.load.Latency;
import dev.gatehouse.bench.load.Phase;
import dev.gatehouse.bench.proc.ResourceSampler.Usage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Writes a {@link Report} as {@code latest.json} and {@code latest.md} in a results folder. */
public final class ReportWriter {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportWriter() {
    }

    public static void write(Report report, Path folder) {
        try {
            Files.createDirectories(folder);
            JSON.writeValue(folder.resolve("latest.json").toFile(), report);
            Files.writeString(folder.resolve("latest.md"), markdown(report));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write results to " + folder, e);
        }
    }

    public static String markdown(Report report) {
        StringBuilder md = new StringBuilder();
        Machine m = report.machine();
        md.append("## Benchmark results\n\n")
                .append("Run ").append(m.date()).append(" on ").append(m.cores()).append(" cores, ")
                .append(m.memoryGib()).append(" GiB (").append(m.cpu()).append("), ").append(m.jdk())
                .append(", ").append(m.os()).append(".\n\n");
        report.notes().forEach(n -> md.append("- ").append(n).append('\n'));
        md.append("\nSettings: ");
        md.append(String.join(", ", report.settings().entrySet().stream().map(e -> "`" + e.getKey() + "=" + e.getValue() + "`").toList()));
        md.append("\n\n### Targets\n\n| scenario | what | target | measured | status |\n|---|---|---|---|---|\n");
        for (ScenarioResult s : report.scenarios()) {
            for (Check c : s.checks()) {
                md.append("| ").append(s.id()).append(" | ").append(c.what()).append(" | ").append(c.target())
                        .append(" | ").append(c.measured()).append(" | ").append(status(c.status())).append(" |\n");
            }
        }
        for (ScenarioResult s : report.scenarios()) {
            md.append("\n### ").append(s.id()).append(". ").append(s.title()).append("\n\n");
            if (!s.phases().isEmpty()) {
                md.append("| phase | load | calls | failed | calls/s | p50 ms | p90 ms | p95 ms | p99 ms | p99.9 ms | max ms |\n")
                        .append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
                for (Phase p : s.phases()) {
                    Latency l = p.latency();
                    md.append("| ").append(p.name()).append(" | ").append(p.mode()).append(" | ").append(p.completed())
                            .append(" | ").append(p.failed()).append(" | ").append(num(p.throughput(), "%.0f"))
                            .append(" | ").append(ms(l.p50())).append(" | ").append(ms(l.p90())).append(" | ").append(ms(l.p95())).append(" | ").append(ms(l.p99()))
                            .append(" | ").append(ms(l.p999())).append(" | ").append(ms(l.max())).append(" |\n");
                }
                md.append('\n');
                s.phases().stream().filter(p -> !p.problems().isEmpty())
                        .forEach(p -> md.append("- failures in ").append(p.name()).append(": ")
                                .append(String.join("; ", p.problems())).append('\n'));
            }
            if (s.phases().stream().anyMatch(p -> !p.resources().isEmpty())) {
                md.append("\n| phase | process | CPU s | CPU ms per call | peak RSS MiB |\n|---|---|---:|---:|---:|\n");
                for (Phase p : s.phases()) {
                    for (Usage u : p.resources()) {
                        md.append("| ").append(p.name()).append(", ").append(p.mode()).append(" | ").append(u.name())
                                .append(" | ").append(num(u.cpuSeconds(), "%.1f")).append(" | ")
                                .append(p.completed() == 0 ? "-" : num(u.cpuSeconds() * 1000 / p.completed(), "%.3f"))
                                .append(" | ").append(num(u.peakRssMib(), "%.0f")).append(" |\n");
                    }
                }
                md.append('\n');
            }
            s.tables().forEach(t -> md.append(t).append('\n'));
            s.notes().forEach(n -> md.append("- ").append(n).append('\n'));
        }
        return md.toString();
    }

    private static String status(Check.Status status) {
        return switch (status) {
            case MET -> "met";
            case NOT_MET -> "**not met**";
            case NOT_RUN -> "not run";
        };
    }

    private static String ms(double value) {
        return num(value, value < 10 ? "%.3f" : "%.1f");
    }

    private static String num(double value, String format) {
        return String.format(Locale.ROOT, format, value);
    }
}
