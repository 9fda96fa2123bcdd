package dev.gatehouse.infra.local;

import dev.gatehouse.infra.ChildJvm;
import dev.gatehouse.infra.ParentWatcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A built Quarkus service ({@code quarkus-run.jar}) as a child process of the local stack, with its
 * settings in {@code <workdir>/config/application.properties}. It carries {@link ParentWatcher} as
 * a Java agent, so it exits when the stack's supervisor dies, however it dies.
 */
final class QuarkusService {

    private static final List<String> JVM_OPTIONS = List.of("-Xms32m", "-Xmx384m", "-XX:+UseSerialGC");
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    /** The agent jar written from classes, once per JVM (see {@link #agentJar()}). */
    private static Path writtenAgentJar;

    private final String name;
    private final int port;
    private final Path log;
    private final Process process;

    private QuarkusService(String name, int port, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /** Writes the service's configuration and starts it; does not wait for it to be ready. */
    static QuarkusService start(String name, Path jar, int port, Map<String, String> settings, Path workdir, Path log) {
        Files600.write(workdir.resolve("config").resolve("application.properties"), properties(name, settings));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.addAll(extraJvmOptions(name, System.getenv()));
        command.add("-javaagent:" + agentJar());
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            Process process = new ProcessBuilder(command)
                    .directory(workdir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            return new QuarkusService(name, port, log, process);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
    }

    /**
     * JVM options added after the defaults (so they win), for measuring and profiling:
     * {@code GATEHOUSE_JVM_OPTIONS} for every service, then e.g. {@code GATEHOUSE_JVM_OPTIONS_GATEWAY}
     * for the gateway alone; space separated. (Not {@code GATEHOUSE_GATEWAY_...}: Quarkus would read
     * that as a gatehouse.gateway setting.)
     */
    static List<String> extraJvmOptions(String service, Map<String, String> env) {
        List<String> options = new ArrayList<>();
        for (String key : List.of("GATEHOUSE_JVM_OPTIONS",
                "GATEHOUSE_JVM_OPTIONS_" + service.toUpperCase(java.util.Locale.ROOT).replace('-', '_'))) {
            String value = env.get(key);
            if (value != null && !value.isBlank()) {
                options.addAll(List.of(value.trim().split("\\s+")));
            }
        }
        return options;
    }

    /** Waits until {@code /q/health/ready} answers 200; fails with the log's tail if the process dies or time runs out. */
    void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!isReady()) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n"
                        + ChildJvm.tail(log, 25));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " was not ready within " + timeout.toSeconds() + " s:\n"
                        + ChildJvm.tail(log, 25));
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    boolean isReady() {
        return isReady(port);
    }

    /** Whether a Quarkus service on {@code port} reports ready. */
    static boolean isReady(int port) {
        try {
            HttpRequest request = HttpRequest.newBuilder(new URI("http://127.0.0.1:" + port + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).GET().build();
            CompletableFuture<HttpResponse<Void>> response = HTTP.sendAsync(request, HttpResponse.BodyHandlers.discarding());
            try {
                return response.get(3, TimeUnit.SECONDS).statusCode() == 200;
            } catch (TimeoutException e) {
                response.cancel(true);
                return false;
            }
        } catch (URISyntaxException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** SIGTERM (Quarkus shuts down gracefully), then SIGKILL after the grace period. */
    void stop(Duration grace) {
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static String properties(String name, Map<String, String> settings) {
        StringBuilder file = new StringBuilder("# Written by the local stack (dev.gatehouse.infra.local.ServiceSettings) for ")
                .append(name).append("; rewritten on every start.\n");
        settings.forEach((key, value) -> file.append(key).append('=').append(value.replace("\\", "\\\\")).append('\n'));
        return file.toString();
    }

    /**
     * The jar that carries {@link ParentWatcher} as its agent. When we run from classes (an IDE, a
     * reactor build that has not packaged parent-watcher), an agent jar is written from the class
     * file: a service without the agent would outlive a killed supervisor.
     */
    private static synchronized Path agentJar() {
        try {
            Path location = Path.of(ParentWatcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(location)) {
                return location;
            }
            if (writtenAgentJar == null) {
                writtenAgentJar = writeAgentJar(location);
            }
            return writtenAgentJar;
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot locate the parent-watcher agent", e);
        }
    }

    private static Path writeAgentJar(Path classes) throws IOException {
        String entry = ParentWatcher.class.getName().replace('.', '/') + ".class";
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", ParentWatcher.class.getName());
        Path jar = Files.createTempFile("gatehouse-parent-watcher-", ".jar");
        jar.toFile().deleteOnExit();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.putNextEntry(new JarEntry(entry));
            out.write(Files.readAllBytes(classes.resolve(entry)));
            out.closeEntry();
        }
        return jar;
    }
}
