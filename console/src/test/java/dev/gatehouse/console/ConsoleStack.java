package dev.gatehouse.console;

import dev.gatehouse.infra.Ports;
import dev.gatehouse.infra.local.LocalSecrets;
import dev.gatehouse.infra.local.StackLayout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The real services for the console's browser tests, started the way the end-to-end tests start
 * them: the local stack's supervisor ({@code LocalStack}) in a child JVM on the local run's ports,
 * with {@code --exit-with-parent} (it and all it started go when this JVM dies, however it dies)
 * and {@code --skip console} (the console under test runs in this JVM). It seeds the demo workspace.
 * Test classes share one ({@link #shared()}), so a second class does not pay a second start.
 */
final class ConsoleStack implements AutoCloseable {

    /** The local run's fixed ports the stack takes. */
    private static final List<Integer> PORTS = List.of(8080, 8081, 8082, 8083, 9081, 9082, 15432, 19092, 4101, 4102);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    /**
     * Servers a workspace of the test stack may hold: {@link LongListsTest} registers 10,000 in one
     * (the default quota is 100), through local-infra's per-service JVM options.
     */
    static final int MAX_SERVERS_PER_WORKSPACE = 10_000;

    private static ConsoleStack shared;
    private static RuntimeException sharedFailure;

    private final StackLayout layout;
    private final Process process;
    private final CompletableFuture<Boolean> verdict = new CompletableFuture<>();

    private ConsoleStack(StackLayout layout, Process process) {
        this.layout = layout;
        this.process = process;
    }

    /**
     * The stack of this test JVM: started by the first test class that asks (under
     * {@code console/target/browser-test}), stopped by a shutdown hook when the JVM ends (and, since
     * it runs with {@code --exit-with-parent}, gone with this JVM however it ends). A failed start
     * is remembered and answered again, not retried by every class.
     */
    static synchronized ConsoleStack shared() {
        if (shared == null && sharedFailure == null) {
            try {
                List<Integer> busy = PORTS.stream().filter(Ports::isListening).toList();
                if (!busy.isEmpty()) {
                    throw new IllegalStateException("the local run's fixed ports " + busy
                            + " must be free (is bin/gatehouse up running? bin/gatehouse down)");
                }
                Path root = Path.of(System.getProperty("gatehouse.root", "..")).toAbsolutePath().normalize();
                Path home = root.resolve("console/target/browser-test/stack-" + System.currentTimeMillis());
                ConsoleStack stack = start(root, home, START_TIMEOUT);
                Runtime.getRuntime().addShutdownHook(new Thread(stack::closeQuietly, "console-stack-stop"));
                shared = stack;
            } catch (IOException e) {
                sharedFailure = new IllegalStateException("the local stack could not be started", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                sharedFailure = new IllegalStateException("interrupted while starting the local stack", e);
            } catch (RuntimeException e) {
                sharedFailure = e;
            }
        }
        if (sharedFailure != null) {
            throw sharedFailure;
        }
        return shared;
    }

    static ConsoleStack start(Path root, Path home, Duration timeout) throws IOException, InterruptedException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "dev.gatehouse.infra.local.LocalStack", "--root", root.toString(), "--home", home.toString(),
                "--exit-with-parent", "--skip", "console");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        String registryOptions = builder.environment().getOrDefault("GATEHOUSE_JVM_OPTIONS_REGISTRY", "");
        builder.environment().put("GATEHOUSE_JVM_OPTIONS_REGISTRY",
                (registryOptions + " -Dgatehouse.registry.max-servers-per-workspace=" + MAX_SERVERS_PER_WORKSPACE).strip());
        // standard input stays a pipe only this JVM holds: --exit-with-parent watches it
        ConsoleStack stack = new ConsoleStack(new StackLayout(root, home), builder.start());
        Thread output = new Thread(stack::echo, "console-stack-output");
        output.setDaemon(true);
        output.start();
        try {
            if (!stack.verdict.get(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                stack.close();
                throw new IllegalStateException("the local stack did not come up (output above); logs in " + home.resolve("logs"));
            }
        } catch (TimeoutException e) {
            stack.close();
            throw new IllegalStateException("the local stack was not ready within " + timeout.toSeconds() + " s; logs in "
                    + home.resolve("logs"));
        } catch (java.util.concurrent.ExecutionException e) {
            stack.close();
            throw new IllegalStateException(e.getCause());
        }
        return stack;
    }

    /** A value the demo seeding recorded: {@code admin.token}, {@code alice.token}, ... */
    String seeded(String key) throws IOException {
        Properties seed = new Properties();
        try (InputStream in = Files.newInputStream(layout.data("demo").resolve("seed.properties"))) {
            seed.load(in);
        }
        return seed.getProperty(key);
    }

    String operatorCredential() {
        return LocalSecrets.loadOrCreate(layout.secrets()).operatorCredential();
    }

    Path home() {
        return layout.home();
    }

    private void echo() {
        try (BufferedReader lines = process.inputReader(StandardCharsets.UTF_8)) {
            String line;
            while ((line = lines.readLine()) != null) {
                System.out.println("[stack] " + line);
                if (line.equals("gatehouse: ready")) {
                    verdict.complete(true);
                } else if (line.equals("gatehouse: failed")) {
                    verdict.complete(false);
                }
            }
        } catch (IOException e) {
            // the supervisor is gone; the verdict says so
        } finally {
            verdict.complete(false);
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM (the supervisor stops every part), then kill what outlives 60 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
