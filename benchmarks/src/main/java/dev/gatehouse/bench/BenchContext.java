package dev.gatehouse.bench;

import dev.gatehouse.bench.load.LoadGenerator;
import dev.gatehouse.bench.mcp.McpClients;
import dev.gatehouse.bench.report.ScenarioResult;
import dev.gatehouse.bench.stack.Stack;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a scenario works with: the settings, the MCP clients (load), a JDK HTTP client (management
 * calls, off the hot path), the load generator (which reports the watched processes' usage), the
 * upstream servers, when it runs, the Gatehouse stack, and the results of the scenarios run so far.
 */
public record BenchContext(Settings settings, McpClients mcp, HttpClient http, LoadGenerator load, Upstreams upstreams,
                           Optional<Stack> stack, Path logs, List<ScenarioResult> done) {

    /** The Gatehouse stack, for the scenarios that cannot run without it. */
    public Stack requireStack() {
        return stack.orElseThrow(() -> new IllegalStateException("needs the Gatehouse stack"));
    }
}
