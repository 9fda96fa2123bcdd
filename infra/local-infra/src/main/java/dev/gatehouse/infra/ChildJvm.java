package dev.gatehouse.infra;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Java process started with a classpath that a build module wrote into a resource
 * ({@code dev/gatehouse/infra/NAME.classpath}), so its libraries never meet ours.
 *
 * <p>The child's standard input stays open as long as we live; the child's main treats
 * end-of-input as "parent gone" and exits, so nothing outlives a killed test run.
 */
public final class ChildJvm implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;

    private ChildJvm(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * @param classpathResource e.g. {@code kafka-broker} for {@code dev/gatehouse/infra/kafka-broker.classpath}
     * @param jvmOptions        options such as {@code -Xmx256m}
     * @param log               where the child's output goes
     */
    public static ChildJvm start(String name, String classpathResource, List<String> jvmOptions, String mainClass,
                                 List<String> args, Path log) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpathOf(classpathResource));
        command.add(mainClass);
        command.addAll(args);
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            return new ChildJvm(name, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
    }

    /** The classpath written by the build, preceded by the jar (or classes folder) that carries it. */
    static String classpathOf(String classpathResource) {
        String resource = "dev/gatehouse/infra/" + classpathResource + ".classpath";
        URL url = ChildJvm.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new IllegalStateException(resource + " is not on the classpath; build the infra modules first");
        }
        try (InputStream in = url.openStream()) {
            String dependencies = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            return ownLocation(url, resource) + File.pathSeparator + dependencies;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String ownLocation(URL url, String resource) {
        try {
            String external = url.toExternalForm();
            if (external.startsWith("jar:")) {
                String jar = external.substring("jar:".length(), external.indexOf("!/"));
                return Path.of(new URL(jar).toURI()).toString();
            }
            Path file = Path.of(url.toURI());
            Path root = file;
            for (int i = 0; i < resource.split("/").length; i++) {
                root = root.getParent();
            }
            return root.toString();
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot locate " + resource, e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    /** Fails with the tail of the child's log when it has already died. */
    public void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with " + process.exitValue() + "; log " + log
                    + ":\n" + tail(log, 40));
        }
    }

    /** Asks the child to stop (SIGTERM), then kills it if it has not stopped within the grace period. */
    public void stop(long graceSeconds) {
        process.destroy();
        try {
            if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    @Override
    public void close() {
        stop(15);
    }

    /** The last lines of a log file, for error messages. */
    public static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }
}
