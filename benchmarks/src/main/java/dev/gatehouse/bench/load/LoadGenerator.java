package dev.gatehouse.bench.load;

import dev.gatehouse.bench.proc.ResourceSampler;
import dev.gatehouse.bench.proc.ResourceSampler.Usage;
import dev.gatehouse.bench.proc.ResourceSampler.Watched;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Drives a {@link Call} in an open loop (a fixed arrival rate, latency measured from each call's
 * intended send time, so a stalled server cannot hide its stall: no coordinated omission) or in a
 * closed loop (N callers back to back: saturation throughput). Every phase runs a warm-up first,
 * whose figures are thrown away.
 */
public final class LoadGenerator {

    private static final int MAX_PROBLEMS = 5;
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);

    private final Duration warmup;
    private final Duration measure;
    private final Supplier<List<Watched>> processes;

    /**
     * @param processes whose CPU time and RSS every measured part reports (not the warm-ups);
     *                  asked again for each phase, as upstreams start along the run
     */
    public LoadGenerator(Duration warmup, Duration measure, Supplier<List<Watched>> processes) {
        this.warmup = warmup;
        this.measure = measure;
        this.processes = processes;
    }

    /** Warm-up, then {@code rate} calls per second for the measured duration. */
    public Phase openLoop(String name, Call call, double rate, int maxInFlight) {
        System.out.printf("  %s, open @ %.0f/s: warm-up %s, then measure %s%n", name, rate, warmup, measure);
        openLoopOnce(name, call, rate, maxInFlight, warmup);
        return measured(() -> openLoopOnce(name, call, rate, maxInFlight, measure));
    }

    /** Warm-up, then {@code concurrency} callers back to back for the measured duration. */
    public Phase closedLoop(String name, Call call, int concurrency) {
        System.out.printf("  %s, closed x%d: warm-up %s, then measure %s%n", name, concurrency, warmup, measure);
        closedLoopOnce(name, call, concurrency, warmup);
        return measured(() -> closedLoopOnce(name, call, concurrency, measure));
    }

    /** A closed loop whose figures are thrown away (to warm a freshly started server up). */
    public void unmeasured(String name, Call call, int concurrency, Duration duration) {
        System.out.printf("  %s, closed x%d: warm-up only, %s%n", name, concurrency, duration);
        closedLoopOnce(name, call, concurrency, duration);
    }

    /** The processes whose usage the phases report, as of now. */
    public List<Watched> watchedProcesses() {
        return processes.get();
    }

    public Duration measureDuration() {
        return measure;
    }

    private Phase measured(Supplier<Phase> phase) {
        ResourceSampler sampler = ResourceSampler.start(processes.get());
        Phase result = phase.get();
        List<Usage> usage = sampler.stop();
        return new Phase(result.name(), result.mode(), result.seconds(), result.completed(), result.failed(),
                result.throughput(), result.latency(), result.problems(), usage);
    }

    private Phase openLoopOnce(String name, Call call, double rate, int maxInFlight, Duration duration) {
        Recording recording = new Recording();
        long intervalNanos = (long) (1_000_000_000L / rate);
        long total = (long) (rate * duration.toNanos() / 1e9);
        // In flight is capped so a dead server cannot exhaust sockets; a capped send is still timed
        // from its intended instant, so waiting here shows up as latency, as it would for a user.
        Semaphore inFlight = new Semaphore(maxInFlight);
        long start = System.nanoTime();
        for (long i = 0; i < total; i++) {
            long intended = start + i * intervalNanos;
            long wait;
            while ((wait = intended - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            inFlight.acquireUninterruptibly();
            recording.send(call, intended, inFlight::release);
        }
        recording.drain(inFlight, maxInFlight);
        double seconds = (System.nanoTime() - start) / 1e9;
        return recording.phase(name, "open @ %.0f/s".formatted(rate), Math.max(seconds, duration.toNanos() / 1e9));
    }

    private Phase closedLoopOnce(String name, Call call, int concurrency, Duration duration) {
        Recording recording = new Recording();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        // virtual threads: each caller blocks on its answer, as a synchronous client would
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            callers.add(Thread.ofVirtual().start(() -> {
                while (System.nanoTime() < end) {
                    recording.sendAndWait(call);
                }
            }));
        }
        for (Thread caller : callers) {
            try {
                if (!caller.join(duration.plus(DRAIN_TIMEOUT))) {
                    recording.problem("a caller was still waiting " + DRAIN_TIMEOUT + " after the phase ended");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return recording.phase(name, "closed x" + concurrency, seconds);
    }

    /** The figures of one phase, fed from many completion threads. */
    private static final class Recording {
        private final Histogram micros = Latency.newHistogram();
        private final AtomicLong failed = new AtomicLong();
        private final Set<String> problems = new LinkedHashSet<>();

        void send(Call call, long startNanos, Runnable then) {
            try {
                call.send().whenComplete((ignored, error) -> {
                    if (error == null) {
                        record(System.nanoTime() - startNanos);
                    } else {
                        fail(error);
                    }
                    then.run();
                });
            } catch (RuntimeException e) {
                fail(e);
                then.run();
            }
        }

        void sendAndWait(Call call) {
            long startNanos = System.nanoTime();
            try {
                call.send().join();
                record(System.nanoTime() - startNanos);
            } catch (RuntimeException e) {
                fail(e);
            }
        }

        private synchronized void record(long nanos) {
            Latency.record(micros, nanos);
        }

        private void fail(Throwable error) {
            failed.incrementAndGet();
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            problem(cause.getClass().getSimpleName() + ": " + cause.getMessage());
        }

        synchronized void problem(String problem) {
            if (problems.size() < MAX_PROBLEMS) {
                problems.add(problem);
            }
        }

        void drain(Semaphore inFlight, int permits) {
            try {
                if (!inFlight.tryAcquire(permits, DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    problem("calls still in flight " + DRAIN_TIMEOUT + " after the phase ended");
                } else {
                    inFlight.release(permits);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        synchronized Phase phase(String name, String mode, double seconds) {
            Latency latency = Latency.of(micros);
            return new Phase(name, mode, seconds, latency.count(), failed.get(), latency.count() / seconds, latency,
                    new ArrayList<>(problems), List.of());
        }
    }
}
