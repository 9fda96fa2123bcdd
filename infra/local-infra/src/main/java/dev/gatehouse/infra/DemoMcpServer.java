package dev.gatehouse.infra;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real MCP server (official MCP Java SDK, Streamable HTTP) from the demo-mcp-server module, in a
 * child JVM on loopback. The profile picks its tools (see {@code dev.gatehouse.demo.DemoMcpServerMain}).
 */
public final class DemoMcpServer implements AutoCloseable {

    private static final String MAIN = "dev.gatehouse.demo.DemoMcpServerMain";
    private static final List<String> JVM_OPTIONS = List.of("-Xms32m", "-Xmx256m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1");

    private final String profile;
    private final int port;
    private final Path log;
    private final List<String> extraArgs;
    private ChildJvm process;

    private DemoMcpServer(String profile, int port, Path log, List<String> extraArgs) {
        this.profile = profile;
        this.port = port;
        this.log = log;
        this.extraArgs = List.copyOf(extraArgs);
    }

    /** Starts a server with {@code profile}'s tools; port 0 picks a free port. */
    public static DemoMcpServer start(String profile, int port, Path log) {
        return start(profile, port, log, List.of());
    }

    /**
     * Like {@link #start(String, int, Path)} with more options for the server, e.g.
     * {@code List.of("--tools", "20")} or {@code List.of("--require-auth", "Bearer s3cret")}.
     */
    public static DemoMcpServer start(String profile, int port, Path log, List<String> extraArgs) {
        DemoMcpServer server = new DemoMcpServer(profile, port == 0 ? Ports.free() : port, log, extraArgs);
        server.start();
        return server;
    }

    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        List<String> args = new ArrayList<>(List.of("--port", Integer.toString(port), "--profile", profile));
        args.addAll(extraArgs);
        process = ChildJvm.start("MCP server " + profile, "demo-mcp-server", JVM_OPTIONS, MAIN, args, log);
        Ports.awaitListening("MCP server " + profile, port, Duration.ofSeconds(60), process::requireAlive);
    }

    public synchronized void stop() {
        if (process != null) {
            process.stop(10);
            process = null;
        }
    }

    /** The Streamable HTTP endpoint, e.g. {@code http://127.0.0.1:4100/mcp}. */
    public String url() {
        return "http://127.0.0.1:" + port + "/mcp";
    }

    /** The server process's id, or -1 when it is not running. */
    public synchronized long pid() {
        return process != null && process.isAlive() ? process.pid() : -1;
    }

    public int port() {
        return port;
    }

    public String profile() {
        return profile;
    }

    @Override
    public void close() {
        stop();
    }
}
