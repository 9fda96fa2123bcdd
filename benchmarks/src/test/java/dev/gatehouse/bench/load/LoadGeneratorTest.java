package dev.gatehouse.bench.load;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoadGeneratorTest {

    private final LoadGenerator load = new LoadGenerator(Duration.ofMillis(100), Duration.ofMillis(500), List::of);

    @Test
    void openLoopSendsTheScheduledNumberOfCallsAndCountsFailuresApart() {
        AtomicInteger sent = new AtomicInteger();
        Phase phase = load.openLoop("mixed", () -> sent.incrementAndGet() % 5 == 0
                ? CompletableFuture.failedFuture(new IllegalStateException("wrong answer"))
                : CompletableFuture.completedFuture("ok"), 100, 10);
        // 100/s for 0.5 s after 0.1 s of warm-up: 10 + 50 calls sent, one in five of them failing
        assertEquals(60, sent.get());
        assertEquals(50, phase.completed() + phase.failed());
        assertEquals(10, phase.failed());
        assertEquals(List.of("IllegalStateException: wrong answer"), phase.problems());
        assertEquals("open @ 100/s", phase.mode());
    }

    @Test
    void openLoopTimesFromTheIntendedSendSoAStallIsNotHidden() {
        // one call in flight at most, and the first measured call stalls 300 ms: the calls scheduled
        // meanwhile wait for it, and that wait is part of their latency (no coordinated omission)
        AtomicInteger sent = new AtomicInteger();
        Phase phase = load.openLoop("stall", () -> sent.incrementAndGet() == 11
                ? CompletableFuture.supplyAsync(() -> "late", CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS))
                : CompletableFuture.completedFuture("ok"), 100, 1);
        assertEquals(50, phase.completed());
        assertTrue(phase.latency().max() >= 300, "the stalled call itself: " + phase.latency());
        // the calls scheduled 10, 20, 30 ... ms into the stall waited 290, 280, 270 ... ms: the top tenth
        assertTrue(phase.latency().p90() >= 200, "calls queued behind the stall waited too: " + phase.latency());
    }

    @Test
    void closedLoopKeepsEveryCallerBusyAndReportsThroughput() {
        AtomicInteger sent = new AtomicInteger();
        Phase phase = load.closedLoop("busy", () -> {
            sent.incrementAndGet();
            return CompletableFuture.supplyAsync(() -> "ok", CompletableFuture.delayedExecutor(5, TimeUnit.MILLISECONDS));
        }, 4);
        assertTrue(phase.completed() > 0);
        assertEquals(0, phase.failed());
        assertEquals(phase.completed() / phase.seconds(), phase.throughput(), 1e-9);
        assertEquals("closed x4", phase.mode());
        assertTrue(sent.get() >= phase.completed());
    }
}
