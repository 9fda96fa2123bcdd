package dev.gatehouse.gateway.testsupport;

import dev.gatehouse.infra.DemoMcpServer;
import dev.gatehouse.infra.Ports;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The real upstream MCP servers of the tests (official MCP Java SDK, demo-mcp-server profiles),
 * each started once per test JVM on first use and shared by the test classes.
 */
public final class Upstreams {

    private static final Map<String, DemoMcpServer> RUNNING = new ConcurrentHashMap<>();

    private Upstreams() {
    }

    /** A running server of this profile ({@code alpha}, {@code beta}, {@code slow}, {@code paged}). */
    public static DemoMcpServer of(String profile) {
        return RUNNING.computeIfAbsent(profile, name -> DemoMcpServer.start(name, 0,
                Path.of("target", "upstreams", name + ".log")));
    }

    /**
     * A running {@code full} server (prompts, resources, logging, sampling, elicitation, roots) of
     * this instance ({@code one}, {@code two}: different content, one shared resource URI).
     */
    public static DemoMcpServer full(String instance) {
        return RUNNING.computeIfAbsent("full-" + instance, name -> DemoMcpServer.start("full", 0,
                Path.of("target", "upstreams", name + ".log"), List.of("--instance", instance)));
    }

    /** A URL where nothing listens: a server that is down. */
    public static String down() {
        return "http://127.0.0.1:" + Ports.free() + "/mcp";
    }
}
