package dev.gatehouse.bench.proc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Samples the RSS of a set of processes every {@value #PERIOD_MS} ms while a phase runs, and
 * their CPU time at its start and end: CPU seconds and peak RSS per process over the phase.
 */
public final class ResourceSampler implements AutoCloseable {

    private static final long PERIOD_MS = 200;

    /** One process to watch, by the name the report shows. */
    public record Watched(String name, long pid) {
    }

    /** What one process used during the phase. */
    public record Usage(String name, long pid, double cpuSeconds, double peakRssMib) {
    }

    private final List<Watched> processes;
    private final Map<Long, Long> startTicks = new LinkedHashMap<>();
    private final Map<Long, Long> peakKib = new ConcurrentHashMap<>();
    private final Thread sampler;
    private volatile boolean running = true;

    private ResourceSampler(List<Watched> processes) {
        this.processes = List.copyOf(processes);
        for (Watched process : processes) {
            startTicks.put(process.pid(), ProcStats.cpuTicks(process.pid()).orElse(0));
        }
        sample();
        sampler = Thread.ofPlatform().daemon().name("rss-sampler").start(this::run);
    }

    public static ResourceSampler start(List<Watched> processes) {
        return new ResourceSampler(processes);
    }

    private void run() {
        while (running) {
            sample();
            try {
                Thread.sleep(PERIOD_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sample() {
        for (Watched process : processes) {
            OptionalLong rss = ProcStats.rssKib(process.pid());
            rss.ifPresent(kib -> peakKib.merge(process.pid(), kib, Math::max));
        }
    }

    /** Stops sampling and returns each process's CPU seconds and peak RSS over the phase. */
    public List<Usage> stop() {
        running = false;
        sampler.interrupt();
        sample();
        return processes.stream().map(p -> new Usage(p.name(), p.pid(),
                ProcStats.ticksToSeconds(ProcStats.cpuTicks(p.pid()).orElse(startTicks.get(p.pid())) - startTicks.get(p.pid())),
                peakKib.getOrDefault(p.pid(), 0L) / 1024.0)).toList();
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
