package dev.gatehouse.bench.proc;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Samples a set of processes every {@value #PERIOD_MS} ms while a phase runs: CPU seconds used
 * during the phase by each process and its descendants (PostgreSQL's backends are children of the
 * process that listens), and the peak RSS of the process itself.
 */
public final class ResourceSampler {

    private static final long PERIOD_MS = 200;

    /** One process to watch, by the name the report shows. */
    public record Watched(String name, long pid) {
    }

    /** What one process used during the phase. */
    public record Usage(String name, long pid, double cpuSeconds, double peakRssMib) {
    }

    private final List<Watched> processes;
    /** Per watched pid: CPU ticks of each process of its tree when first seen, and when last seen. */
    private final Map<Long, Map<Long, long[]>> ticks = new ConcurrentHashMap<>();
    private final Map<Long, Long> peakKib = new ConcurrentHashMap<>();
    private final Thread sampler;
    private volatile boolean running = true;

    private ResourceSampler(List<Watched> processes) {
        this.processes = List.copyOf(processes);
        sample();
        sampler = Thread.ofPlatform().daemon().name("resource-sampler").start(this::run);
    }

    public static ResourceSampler start(List<Watched> processes) {
        return new ResourceSampler(processes);
    }

    private void run() {
        while (running) {
            try {
                Thread.sleep(PERIOD_MS);
            } catch (InterruptedException e) {
                return;
            }
            sample();
        }
    }

    private synchronized void sample() {
        for (Watched process : processes) {
            ProcStats.rssKib(process.pid()).ifPresent(kib -> peakKib.merge(process.pid(), kib, Math::max));
            Map<Long, long[]> tree = ticks.computeIfAbsent(process.pid(), k -> new HashMap<>());
            boolean first = tree.isEmpty();
            for (long pid : ProcStats.tree(process.pid())) {
                ProcStats.cpuTicks(pid).ifPresent(now -> {
                    // a process born during the phase used all its CPU time during the phase
                    long start = first ? now : 0;
                    tree.computeIfAbsent(pid, k -> new long[] {start, now})[1] = now;
                });
            }
        }
    }

    /** Stops sampling and returns each process's CPU seconds and peak RSS over the phase. */
    public List<Usage> stop() {
        running = false;
        sampler.interrupt();
        try {
            sampler.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sample();
        synchronized (this) {
            return processes.stream().map(p -> new Usage(p.name(), p.pid(),
                    ProcStats.ticksToSeconds(ticks.getOrDefault(p.pid(), Map.of()).values().stream()
                            .mapToLong(t -> t[1] - t[0]).sum()),
                    peakKib.getOrDefault(p.pid(), 0L) / 1024.0)).toList();
        }
    }
}
