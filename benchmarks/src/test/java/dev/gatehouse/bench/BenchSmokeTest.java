package dev.gatehouse.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A short run of the harness against real demo MCP servers (no Gatehouse stack: direct vs direct):
 * the results files appear and are well-formed. No timing is asserted; benchmarks are not tests.
 */
class BenchSmokeTest {

    @Test
    void shortRunWritesWellFormedResults() throws Exception {
        Path results = Path.of("target/smoke-results");
        Bench.run(Settings.parse("--scenarios=1,2", "--stack=off", "--warmup=0.5", "--measure=1",
                "--s1.rate=50", "--s2.rate=50", "--s1.concurrency=2", "--s2.concurrency=2",
                "--s1.sessions=2", "--s2.sessions=2", "--results=" + results, "--logs=target/smoke-logs"));

        JsonNode json = new ObjectMapper().readTree(results.resolve("latest.json").toFile());
        assertTrue(json.path("machine").path("cores").asInt() >= 1);
        assertTrue(json.path("machine").path("memoryGib").asDouble() > 0);
        assertFalse(json.path("machine").path("jdk").asText().isBlank());
        assertEquals("0.5", json.path("settings").path("warmup").asText());
        JsonNode scenarios = json.path("scenarios");
        assertEquals(2, scenarios.size());
        for (JsonNode scenario : scenarios) {
            assertEquals(4, scenario.path("phases").size(), scenario.path("id") + " phases");
            for (JsonNode phase : scenario.path("phases")) {
                assertTrue(phase.path("completed").asLong() > 0, "calls completed in " + phase);
                assertTrue(phase.path("latency").path("p50").asDouble() > 0, "a median latency in " + phase);
                assertTrue(phase.path("resources").toString().contains("upstream"), "upstream usage in " + phase);
            }
            for (JsonNode check : scenario.path("checks")) {
                assertEquals("NOT_RUN", check.path("status").asText(), "without the stack no target is judged: " + check);
            }
        }
        String markdown = Files.readString(results.resolve("latest.md"));
        assertTrue(markdown.contains("## Benchmark results"));
        assertTrue(markdown.contains("| 1 | added p50 at 50 calls/s | ≤ 1 ms | no stack (direct vs direct:"), markdown);
        assertTrue(markdown.contains("### 2. tools/call with an SSE answer"), markdown);
    }
}
