package dev.gatehouse.bench;

import dev.gatehouse.infra.DemoMcpServer;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The real upstream MCP servers of a run (demo-mcp-server: official MCP Java SDK in child JVMs),
 * started once per profile on free loopback ports and stopped at the end.
 */
public final class Upstreams implements AutoCloseable {

    private final Path logs;
    private final Map<String, DemoMcpServer> byName = new LinkedHashMap<>();

    public Upstreams(Path logs) {
        this.logs = logs;
    }

    /** The server called {@code name} with {@code profile}'s tools, started on first use. */
    public synchronized DemoMcpServer get(String name, String profile) {
        return byName.computeIfAbsent(name, n -> DemoMcpServer.start(profile, 0, logs.resolve("upstream-" + n + ".log")));
    }

    /** Every server started so far, by name. */
    public synchronized Map<String, DemoMcpServer> all() {
        return new LinkedHashMap<>(byName);
    }

    @Override
    public synchronized void close() {
        byName.values().forEach(DemoMcpServer::stop);
        byName.clear();
    }
}
