package dev.gatehouse.infra.local;

import dev.gatehouse.infra.ChildJvm;
import dev.gatehouse.infra.Ports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nothing of the local stack outlives its owner, however the owner dies: after a {@code kill -9}
 * of the JVM that started the supervisor (as a test JVM starts it in e2e), and after a
 * {@code kill -9} of the supervisor itself, every part (PostgreSQL, whose {@code pg_ctl} detaches
 * it, included) is gone and every port is free within a deadline. No service is built in this
 * checkout, so the parts are PostgreSQL, Kafka and the two demo MCP servers.
 */
class LocalStackDiesWithItsParentTest {

    private static final Duration DEADLINE = Duration.ofSeconds(45);
    private static final List<String> PARTS = List.of("supervisor", "postgres", "kafka", "mcp-alpha", "mcp-beta");

    @TempDir
    Path root;

    private Process parent;
    private final List<Long> started = new ArrayList<>();

    @Test
    void killingTheParentJvmWithSigkillStopsEveryPart() throws Exception {
        Map<String, Part> parts = startChain();

        parent.destroyForcibly(); // SIGKILL

        assertAllGone(parts);
    }

    @Test
    void killingTheSupervisorWithSigkillStopsEveryPart() throws Exception {
        Map<String, Part> parts = startChain();

        ProcessHandle.of(parts.get("supervisor").pid()).orElseThrow().destroyForcibly(); // SIGKILL

        assertAllGone(parts);
    }

    @AfterEach
    void killLeftovers() {
        // only reached with something left when an assertion failed: do not let it outlive the test
        if (parent != null) {
            parent.descendants().forEach(ProcessHandle::destroyForcibly);
            parent.destroyForcibly();
        }
        started.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    private Map<String, Part> startChain() throws Exception {
        Path home = root.resolve(".gatehouse");
        parent = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), SupervisorChain.class.getName(),
                "parent", root.toString(), home.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        Map<String, Part> parts = Map.of();
        while (System.nanoTime() < deadline) {
            Map<String, Part> now = readState(home.resolve("state"));
            parts = now;
            if (PARTS.stream().allMatch(name -> now.containsKey(name) && now.get(name).pid() > 0
                    && (name.equals("supervisor") || now.get(name).status().equals("ready")))) {
                now.values().forEach(part -> started.add(part.pid()));
                return now;
            }
            assertTrue(parent.isAlive(), "the parent JVM died");
            Thread.sleep(200);
        }
        throw new AssertionError("the stack did not come up within 120 s; state " + parts
                + "; supervisor output:\n" + ChildJvm.tail(home.resolve("supervisor.out"), 40));
    }

    private static void assertAllGone(Map<String, Part> parts) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        Map<String, String> left;
        do {
            left = new TreeMap<>();
            for (Map.Entry<String, Part> part : parts.entrySet()) {
                Part value = part.getValue();
                if (ProcessHandle.of(value.pid()).map(ProcessHandle::isAlive).orElse(false)) {
                    left.put(part.getKey(), "pid " + value.pid() + " alive");
                } else if (value.port() > 0 && Ports.isListening(value.port())) {
                    left.put(part.getKey(), "port " + value.port() + " bound");
                }
            }
            if (left.isEmpty()) {
                return;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        assertEquals(Map.of(), left, "left behind " + DEADLINE.toSeconds() + " s after the kill");
    }

    /** One line of the state file: {@code NAME STATUS PORT PID URL LOG}. */
    private record Part(String status, int port, long pid) {
    }

    private static Map<String, Part> readState(Path state) throws IOException {
        Map<String, Part> parts = new TreeMap<>();
        if (!Files.exists(state)) {
            return parts;
        }
        for (String line : Files.readAllLines(state)) {
            String[] f = line.trim().split("\\s+");
            if (line.startsWith("#") || f.length < 4) {
                continue;
            }
            parts.put(f[0], new Part(f[1], f[2].matches("[0-9]+") ? Integer.parseInt(f[2]) : 0,
                    f[3].matches("[0-9]+") ? Long.parseLong(f[3]) : 0));
        }
        return parts;
    }
}
