package dev.gatehouse.bench.load;

import org.HdrHistogram.Histogram;

/** Latency percentiles of one measured phase, in milliseconds. */
public record Latency(long count, double p50, double p90, double p95, double p99, double p999, double max) {

    /** Highest value the histograms track: one minute in microseconds (longer answers are clamped). */
    static final long HIGHEST_MICROS = 60_000_000L;

    public static Histogram newHistogram() {
        return new Histogram(HIGHEST_MICROS, 3);
    }

    /** Reads a histogram recorded in microseconds. */
    public static Latency of(Histogram micros) {
        return new Latency(micros.getTotalCount(),
                ms(micros.getValueAtPercentile(50)), ms(micros.getValueAtPercentile(90)), ms(micros.getValueAtPercentile(95)),
                ms(micros.getValueAtPercentile(99)), ms(micros.getValueAtPercentile(99.9)),
                ms(micros.getMaxValue()));
    }

    /** Records a duration in nanoseconds into a microsecond histogram, clamped to its range. */
    public static void record(Histogram micros, long nanos) {
        micros.recordValue(Math.min(Math.max(nanos / 1000, 1), HIGHEST_MICROS));
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }
}
