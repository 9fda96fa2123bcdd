package dev.gatehouse.e2e;

import dev.gatehouse.infra.Ports;
import dev.gatehouse.infra.local.ServiceSettings;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The local stack as the end-to-end tests run it: the supervisor ({@code LocalStack}, what
 * {@code bin/gatehouse up} runs) in a child JVM, on the local run's fixed ports, with
 * {@code --exit-with-parent}, so that it and everything it started go when this JVM dies, however
 * it dies.
 *
 * <p>One thread owns the supervisor's output: it echoes each line and reports the verdict
 * ({@code gatehouse: ready} or {@code failed}) through a future, so waiting has a timeout and
 * nobody ever closes a reader another thread is blocked in. Stopping destroys the process, whose
 * end of output ends that thread, which is then joined with a timeout.
 */
final class E2eStack {

    private static final String READY = "gatehouse: ready";
    private static final String FAILED = "gatehouse: failed";

    private final Path home;
    private final Process process;
    private final Thread output;
    private final CompletableFuture<Boolean> verdict = new CompletableFuture<>();

    private E2eStack(Path home, Process process) {
        this.home = home;
        this.process = process;
        this.output = new Thread(this::echoOutput, "stack-output");
        this.output.setDaemon(true);
    }

    /** Every fixed port the stack listens on: services (with any {@code *.port} setting) and infrastructure. */
    static List<Integer> ports() {
        TreeSet<Integer> ports = new TreeSet<>();
        ServiceSettings.InfraPorts infra = ServiceSettings.INFRA_PORTS;
        ports.addAll(List.of(infra.postgres(), infra.kafka(), infra.demoAlpha(), infra.demoBeta()));
        for (ServiceSettings.Service service : ServiceSettings.SERVICES) {
            ports.add(service.port());
            service.settings().forEach((key, value) -> {
                if (key.endsWith(".port") && value.matches("[1-9][0-9]{0,4}")) {
                    ports.add(Integer.parseInt(value));
                }
            });
        }
        return List.copyOf(ports);
    }

    /** The fixed ports that something listens on now. */
    static List<Integer> busyPorts() {
        return ports().stream().filter(Ports::isListening).toList();
    }

    /**
     * Fails at once, and says why, when a port of the stack is taken: typically {@code bin/gatehouse up}
     * runs (same fixed ports), or a stack of an earlier run is still going.
     */
    static void requirePortsFree() {
        List<Integer> busy = busyPorts();
        if (!busy.isEmpty()) {
            throw new IllegalStateException("the end-to-end stack needs the local run's fixed ports, and " + busy
                    + " are in use. Is `bin/gatehouse up` running? Stop it with `bin/gatehouse down` (or see"
                    + " README, Tests, 'When a test run hangs') and run the tests again.");
        }
    }

    /** Starts the supervisor with its data, logs and state under {@code home}; does not wait. */
    static E2eStack start(Path root, Path home) {
        return start(root, home, Map.of());
    }

    /**
     * Starts the supervisor with {@code settings} added to its environment (the services it starts
     * inherit them: {@code GATEHOUSE_GATEWAY_...} is a gateway setting); does not wait.
     */
    static E2eStack start(Path root, Path home, Map<String, String> settings) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"),
                "dev.gatehouse.infra.local.LocalStack", "--root", root.toString(), "--home", home.toString(),
                "--exit-with-parent"));
        System.out.println("[e2e] stack home: " + home);
        try {
            // standard input stays a pipe that only this JVM holds: --exit-with-parent watches it
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(settings);
            Process process = builder.start();
            E2eStack stack = new E2eStack(home, process);
            stack.output.start();
            return stack;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the local stack", e);
        }
    }

    /** Waits for the supervisor's verdict; fails when it failed, died, or took longer than {@code timeout}. */
    void awaitReady(Duration timeout) throws InterruptedException {
        boolean ready;
        try {
            ready = verdict.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the local stack was not ready within " + timeout.toSeconds()
                    + " s; its logs are in " + home.resolve("logs"));
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not read the local stack's output", e.getCause());
        }
        if (!ready) {
            throw new IllegalStateException("the local stack did not come up (output above); its logs are in "
                    + home.resolve("logs"));
        }
    }

    /**
     * Stops the supervisor (SIGTERM: its shutdown hook stops every part in reverse order), kills it
     * and what it started if it outlasts {@code grace}, then ends the output thread.
     */
    void stop(Duration grace) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            System.out.println("[e2e] the local stack did not stop within " + grace.toSeconds() + " s; killing it");
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        output.join(10_000);
        if (output.isAlive()) {
            System.out.println("[e2e] the stack's output did not end 10 s after it stopped (left to the JVM's exit)");
        }
    }

    Path home() {
        return home;
    }

    long pid() {
        return process.pid();
    }

    /** The process ids of the supervisor and every part, from its state file ({@code NAME STATUS PORT PID ...}). */
    List<Long> partPids() throws IOException {
        List<Long> pids = new ArrayList<>(List.of(process.pid()));
        Path state = home.resolve("state");
        if (Files.exists(state)) {
            for (String line : Files.readAllLines(state)) {
                String[] fields = line.trim().split("\\s+");
                if (!line.startsWith("#") && fields.length > 3 && fields[3].matches("[0-9]+")) {
                    pids.add(Long.parseLong(fields[3]));
                }
            }
        }
        return pids;
    }

    /** Echoes the supervisor's output; the only reader of that stream. */
    private void echoOutput() {
        try (BufferedReader out = process.inputReader(StandardCharsets.UTF_8)) {
            String line;
            while ((line = out.readLine()) != null) {
                System.out.println("[stack] " + line);
                if (line.equals(READY)) {
                    verdict.complete(true);
                } else if (line.equals(FAILED)) {
                    verdict.complete(false);
                }
            }
        } catch (IOException e) {
            // the stream broke: the supervisor is gone, which the verdict below reports
        } finally {
            verdict.complete(false);
        }
    }
}
