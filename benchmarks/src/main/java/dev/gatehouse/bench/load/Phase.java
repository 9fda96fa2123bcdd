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
}
