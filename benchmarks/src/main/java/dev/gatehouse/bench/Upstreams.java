package dev.gatehouse.bench;

import dev.gatehouse.infra.DemoMcpServer;
import dev.gatehouse.infra.Ports;
import dev.gatehouse.infra.local.ServiceSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The real upstream MCP servers of a run, started on first use on free loopback ports and stopped
 * at the end: demo-mcp-server (official MCP Java SDK in child JVMs), one per profile, and the
 * Node.js ones installed from npm (server-everything, and mcp-hub as the third-party gateway to
 * compare with). Upstream ports are taken from the local stack's upstream range: its outbound
 * policy opens only those loopback ports.
 */
public final class Upstreams implements AutoCloseable {

    /** The npm packages bin/bench installs into {@code npm.dir} (versions pinned, so runs compare). */
    public static final String EVERYTHING_PACKAGE = "@modelcontextprotocol/server-everything";
    public static final String MCP_HUB_PACKAGE = "mcp-hub";

    private final Path logs;
    private final Path npmModules;
    private final Map<String, DemoMcpServer> byName = new LinkedHashMap<>();
    private final Map<String, NodeServer> nodeServers = new LinkedHashMap<>();

    public Upstreams(Path logs, Path npmDir) {
        this.logs = logs;
        this.npmModules = npmDir.resolve("node_modules");
    }

    public Upstreams(Path logs) {
        this(logs, Path.of("benchmarks/target/npm"));
    }

    /** The server called {@code name} with {@code profile}'s tools, started on first use. */
    public synchronized DemoMcpServer get(String name, String profile) {
        return byName.computeIfAbsent(name, n -> DemoMcpServer.start(profile, freeUpstreamPort(), logs.resolve("upstream-" + n + ".log")));
    }

    /** {@code @modelcontextprotocol/server-everything} over Streamable HTTP; answers its endpoint URL. */
    public synchronized String everything() {
        NodeServer server = nodeServers.computeIfAbsent("everything", name -> {
            int port = freeUpstreamPort();
            return NodeServer.start("server-everything", npmModules.resolve(EVERYTHING_PACKAGE + "/dist/index.js"),
                    List.of("streamableHttp"), Map.of("PORT", Integer.toString(port)), port, logs.resolve("upstream-everything.log"));
        });
        return "http://127.0.0.1:" + server.port() + "/mcp";
    }

    /**
     * mcp-hub aggregating {@code servers} (name → Streamable HTTP URL; its tools are {@code name__tool});
     * answers its MCP endpoint (HTTP+SSE transport). Its state and config stay under the logs folder.
     */
    public synchronized String mcpHub(Map<String, String> servers) {
        NodeServer server = nodeServers.computeIfAbsent("mcp-hub", name -> {
            int port = Ports.free();
            Path home = logs.resolve("mcp-hub");
            StringBuilder config = new StringBuilder("{\"mcpServers\": {");
            servers.forEach((slug, url) -> config.append(config.charAt(config.length() - 1) == '{' ? "" : ", ")
                    .append('"').append(slug).append("\": {\"type\": \"streamable-http\", \"url\": \"").append(url).append("\"}"));
            config.append("}}");
            try {
                Files.createDirectories(home);
                Files.writeString(home.resolve("mcp-servers.json"), config);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return NodeServer.start("mcp-hub", npmModules.resolve(MCP_HUB_PACKAGE + "/dist/cli.js"),
                    List.of("--port", Integer.toString(port), "--config", home.resolve("mcp-servers.json").toString()),
                    Map.of("HOME", home.toAbsolutePath().toString(), "XDG_STATE_HOME", home.resolve("state").toAbsolutePath().toString()),
                    port, logs.resolve("mcp-hub.log"));
        });
        return "http://127.0.0.1:" + server.port() + "/mcp";
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

    /** Every demo server started so far, by name. */
    public synchronized Map<String, DemoMcpServer> all() {
        return new LinkedHashMap<>(byName);
    }

    /** The process id of every Node.js server started so far, by the name reports show. */
    public synchronized Map<String, Long> nodePids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        nodeServers.forEach((name, server) -> pids.put(name.equals("mcp-hub") ? "mcp-hub" : "upstream " + name, server.pid()));
        return pids;
    }

    @Override
    public synchronized void close() {
        byName.values().forEach(DemoMcpServer::stop);
        byName.clear();
        nodeServers.values().forEach(NodeServer::stop);
        nodeServers.clear();
    }
}
