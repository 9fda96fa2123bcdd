package dev.gatehouse.bench.load;

import dev.gatehouse.bench.proc.ResourceSampler.Usage;

import java.util.List;

/**
 * What one measured phase produced.
 *
 * @param mode       {@code open@500/s} (latency from the intended send time) or {@code closed x32}
 * @param throughput completed calls per second over the phase
 * @param problems   the first few distinct failure descriptions
 * @param resources  CPU seconds and peak RSS of each watched process during the measured part
 */
public record Phase(String name, String mode, double seconds, long completed, long failed, double throughput,
                    Latency latency, List<String> problems, List<Usage> resources) {

    /** A phase of individually timed samples (not driven by the load generator), e.g. cold lists. */
    public static Phase ofSamples(String name, String mode, org.HdrHistogram.Histogram micros, long failed,
                                  double seconds, List<String> problems) {
        Latency latency = Latency.of(micros);
        return new Phase(name, mode, seconds, latency.count(), failed, seconds > 0 ? latency.count() / seconds : 0,
                latency, problems, List.of());
    }
}
