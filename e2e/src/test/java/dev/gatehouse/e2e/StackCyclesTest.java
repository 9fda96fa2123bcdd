package dev.gatehouse.e2e;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Not part of {@code ./mvnw verify}: starts and stops the end-to-end stack again and again, as
 * {@link TypeScriptSdkEndToEndTest} does once, and checks after every stop that no part is left
 * running and no port is bound. {@code e2e/stack-checks cycles [N]} runs it
 * ({@code -Dgatehouse.e2e.cycles=N}, at most 50).
 */
@EnabledIfSystemProperty(named = "gatehouse.e2e.cycles", matches = "[1-9][0-9]*")
class StackCyclesTest {

    private static final Path ROOT = Path.of(System.getProperty("gatehouse.root", "..")).toAbsolutePath().normalize();

    @RepeatedTest(value = 50, name = "start and stop, cycle {currentRepetition}")
    @Timeout(value = 15, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void startsAndStopsLeavingNothingBehind(RepetitionInfo cycle) throws Exception {
        assumeTrue(cycle.getCurrentRepetition() <= Integer.getInteger("gatehouse.e2e.cycles"), "fewer cycles asked for");
        E2eStack.requirePortsFree();
        Path home = Files.createTempDirectory("gatehouse-e2e-");
        long started = System.nanoTime();
        E2eStack stack = E2eStack.start(ROOT, home);
        List<Long> pids;
        try {
            stack.awaitReady(Duration.ofMinutes(10));
            pids = stack.partPids();
        } finally {
            long ready = System.nanoTime();
            stack.stop(Duration.ofSeconds(90));
            System.out.printf("[e2e] cycle %d: up in %.1f s, down in %.1f s%n", cycle.getCurrentRepetition(),
                    (ready - started) / 1e9, (System.nanoTime() - ready) / 1e9);
        }
        assertEquals(List.of(), awaitGone(pids, Duration.ofSeconds(30)), "processes of the stack still alive");
        assertEquals(List.of(), awaitPortsFree(Duration.ofSeconds(30)), "ports still bound after the stack stopped");
        try (Stream<Path> paths = Files.walk(home)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private static List<Long> awaitGone(List<Long> pids, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Long> alive;
        do {
            alive = pids.stream().filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).toList();
            if (alive.isEmpty()) {
                return alive;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        return alive;
    }

    private static List<Integer> awaitPortsFree(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Integer> busy;
        do {
            busy = E2eStack.busyPorts();
            if (busy.isEmpty()) {
                return busy;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        return busy;
    }
}
