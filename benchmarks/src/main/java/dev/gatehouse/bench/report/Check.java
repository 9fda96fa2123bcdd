package dev.gatehouse.bench.report;

/**
 * One target of the issue against what was measured.
 *
 * @param target   the target as the issue states it, e.g. {@code p99 < 3 ms}
 * @param measured the measured figure with its unit
 */
public record Check(String what, String target, String measured, Status status) {

    /** Whether a target was met; {@code NOT_RUN} when the scenario could not measure it. */
    public enum Status { MET, NOT_MET, NOT_RUN }

    /** A target that holds when {@code value <= limit} (latencies, durations, sizes). */
    public static Check atMost(String what, double value, double limit, String unit) {
        return new Check(what, "≤ " + format(limit) + " " + unit, format(value) + " " + unit,
                value <= limit ? Status.MET : Status.NOT_MET);
    }

    /** A target that holds when {@code value >= limit} (throughputs). */
    public static Check atLeast(String what, double value, double limit, String unit) {
        return new Check(what, "≥ " + format(limit) + " " + unit, format(value) + " " + unit,
                value >= limit ? Status.MET : Status.NOT_MET);
    }

    public static Check notRun(String what, String target, String why) {
        return new Check(what, target, why, Status.NOT_RUN);
    }

    public static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.format(java.util.Locale.ROOT, "%,d", (long) value);
        }
        return String.format(java.util.Locale.ROOT, Math.abs(value) < 10 ? "%.2f" : "%,.1f", value);
    }
}
