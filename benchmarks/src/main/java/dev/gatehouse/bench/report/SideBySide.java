package dev.gatehouse.bench.report;

import dev.gatehouse.bench.load.Phase;
import dev.gatehouse.bench.proc.ResourceSampler.Usage;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The side-by-side tables of scenario 8: direct, Gatehouse and mcp-hub on the same upstream and
 * load, measured in one run, as ratios. A missing phase (mcp-hub not run) shows as {@code -}.
 */
public final class SideBySide {

    private SideBySide() {
    }

    /** One upstream under one load: the phases of each path (hub may be null). */
    public record Row(String upstream, String load, Phase direct, Phase gatehouse, Phase hub) {
    }

    /** {@code a / b}, NaN when either is missing or b is zero. */
    public static double ratio(double a, double b) {
        return b == 0 || Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : a / b;
    }

    /** Saturation throughput and latency of closed loops, with Gatehouse's ratios to direct and to mcp-hub. */
    public static String throughput(List<Row> rows) {
        StringBuilder md = new StringBuilder("| upstream | load | direct calls/s | Gatehouse calls/s | mcp-hub calls/s "
                + "| Gatehouse ÷ direct | Gatehouse ÷ mcp-hub | mcp-hub ÷ direct | p50 ms direct / Gatehouse / mcp-hub "
                + "| p99 ms direct / Gatehouse / mcp-hub |\n|---|---|---:|---:|---:|---:|---:|---:|---|---|\n");
        for (Row row : rows) {
            double direct = row.direct().throughput();
            double gatehouse = row.gatehouse().throughput();
            double hub = row.hub() == null ? Double.NaN : row.hub().throughput();
            md.append("| ").append(row.upstream()).append(" | ").append(row.load())
                    .append(" | ").append(num(direct, "%.0f")).append(" | ").append(num(gatehouse, "%.0f"))
                    .append(" | ").append(num(hub, "%.0f"))
                    .append(" | ").append(num(ratio(gatehouse, direct), "%.2f"))
                    .append(" | ").append(num(ratio(gatehouse, hub), "%.2f"))
                    .append(" | ").append(num(ratio(hub, direct), "%.2f"))
                    .append(" | ").append(three(row, true)).append(" | ").append(three(row, false)).append(" |\n");
        }
        return md.toString();
    }

    /** Open loops at a fixed rate: each path's percentiles and what it adds to direct. */
    public static String addedLatency(List<Row> rows) {
        StringBuilder md = new StringBuilder("| upstream | load | p50 ms direct / Gatehouse / mcp-hub | p99 ms direct / Gatehouse / mcp-hub "
                + "| Gatehouse added p50 / p99 ms | mcp-hub added p50 / p99 ms |\n|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            md.append("| ").append(row.upstream()).append(" | ").append(row.load())
                    .append(" | ").append(three(row, true)).append(" | ").append(three(row, false))
                    .append(" | ").append(added(row.direct(), row.gatehouse()))
                    .append(" | ").append(added(row.direct(), row.hub())).append(" |\n");
        }
        return md.toString();
    }

    /**
     * The pinned runs: the measured process alone on one core, everything else on the other. Its
     * CPU per call is its own cost, apart from the machine's contention.
     *
     * @param process the name the phase's resources give the pinned process (e.g. gateway-service)
     */
    public record Pinned(String path, Phase phase, String process) {
    }

    public static String pinned(List<Pinned> runs) {
        StringBuilder md = new StringBuilder("| path | pinned process (own core) | calls/s | p50 ms | p99 ms "
                + "| its CPU ms per call | its core busy | other core busy |\n|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (Pinned run : runs) {
            Phase phase = run.phase();
            double own = run.process() == null ? 0 : cpuSeconds(phase, run.process()).orElse(Double.NaN);
            double all = phase.resources().stream().mapToDouble(Usage::cpuSeconds).sum();
            md.append("| ").append(run.path()).append(" | ").append(run.process() == null ? "none" : run.process())
                    .append(" | ").append(num(phase.throughput(), "%.0f"))
                    .append(" | ").append(num(phase.latency().p50(), "%.3f")).append(" | ").append(num(phase.latency().p99(), "%.3f"))
                    .append(" | ").append(run.process() == null ? "-" : num(phase.completed() == 0 ? Double.NaN : own * 1000 / phase.completed(), "%.3f"))
                    .append(" | ").append(run.process() == null ? "-" : percent(own / phase.seconds()))
                    .append(" | ").append(percent((all - own) / phase.seconds())).append(" |\n");
        }
        return md.toString();
    }

    /** CPU seconds a named process used during a phase. */
    public static Optional<Double> cpuSeconds(Phase phase, String process) {
        return phase.resources().stream().filter(u -> u.name().equals(process)).map(Usage::cpuSeconds).findFirst();
    }

    private static String three(Row row, boolean median) {
        return ms(pick(row.direct(), median)) + " / " + ms(pick(row.gatehouse(), median)) + " / " + ms(pick(row.hub(), median));
    }

    private static double pick(Phase phase, boolean median) {
        return phase == null ? Double.NaN : median ? phase.latency().p50() : phase.latency().p99();
    }

    private static String added(Phase direct, Phase other) {
        if (other == null) {
            return "-";
        }
        return ms(other.latency().p50() - direct.latency().p50()) + " / " + ms(other.latency().p99() - direct.latency().p99());
    }

    private static String percent(double fraction) {
        return Double.isNaN(fraction) ? "-" : String.format(Locale.ROOT, "%.0f %%", fraction * 100);
    }

    private static String ms(double value) {
        return num(value, Math.abs(value) < 10 ? "%.2f" : "%.1f");
    }

    private static String num(double value, String format) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, format, value);
    }
}
