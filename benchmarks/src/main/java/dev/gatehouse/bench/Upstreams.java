package dev.gatehouse.bench;

import dev.gatehouse.infra.DemoMcpServer;
import dev.gatehouse.infra.local.ServiceSettings;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The real upstream MCP servers of a run (demo-mcp-server: official MCP Java SDK in child JVMs),
 * started once per profile on free loopback ports and stopped at the end. The ports are taken from
 * the local stack's upstream range: its outbound policy opens only those loopback ports.
 */
public final class Upstreams implements AutoCloseable {

    private final Path logs;
    private final Map<String, DemoMcpServer> byName = new LinkedHashMap<>();

    public Upstreams(Path logs) {
        this.logs = logs;
    }

    /** The server called {@code name} with {@code profile}'s tools, started on first use. */
    public synchronized DemoMcpServer get(String name, String profile) {
        return byName.computeIfAbsent(name, n -> DemoMcpServer.start(profile, freeUpstreamPort(), logs.resolve("upstream-" + n + ".log")));
    }

    /** A free loopback port above the demo servers' own, inside the range the local stack may call. */
    private static int freeUpstreamPort() {
        for (int port = ServiceSettings.UPSTREAM_PORTS_FROM + 10; port <= ServiceSettings.UPSTREAM_PORTS_TO; port++) {
            try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return probe.getLocalPort();
            } catch (IOException taken) {
                // try the next one
            }
        }
        throw new IllegalStateException("no free port in the local upstream range "
                + ServiceSettings.UPSTREAM_PORTS_FROM + "-" + ServiceSettings.UPSTREAM_PORTS_TO);
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
