package dev.gatehouse.bench;

import dev.gatehouse.infra.Ports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Node.js MCP server of a run (server-everything, mcp-hub), installed from npm by bin/bench into
 * a cache folder, in a child process on loopback that dies with the harness.
 */
public final class NodeServer {

    private final String name;
    private final int port;
    private final Process process;

    private NodeServer(String name, int port, Process process) {
        this.name = name;
        this.port = port;
        this.process = process;
    }

    /** Starts {@code node script args...} and waits until it listens on {@code port}. */
    public static NodeServer start(String name, Path script, List<String> args, Map<String, String> env, int port, Path log) {
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException(script + " is missing: bin/bench installs the npm packages (see benchmarks/README.md)");
        }
        List<String> command = new java.util.ArrayList<>(List.of("node", script.toString()));
        command.addAll(args);
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
            builder.environment().putAll(env);
            Process process = builder.start();
            NodeServer server = new NodeServer(name, port, process);
            // a harness killed without running close() must not leave the server behind
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
            Ports.awaitListening(name, port, Duration.ofSeconds(60), () -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
                }
            });
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
