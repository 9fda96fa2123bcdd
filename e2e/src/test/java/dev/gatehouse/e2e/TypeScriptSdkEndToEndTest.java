package dev.gatehouse.e2e;

import dev.gatehouse.infra.ParentBound;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The local stack (bin/gatehouse's supervisor, {@code LocalStack}) with a seeded demo workspace,
 * driven by the official MCP TypeScript SDK client through the gateway: e2e/gateway.e2e.test.mjs.
 *
 * <p>Needs Node.js and npm; without them the test is skipped with a visible message.
 */
class TypeScriptSdkEndToEndTest {

    private static final Path ROOT = Path.of(System.getProperty("gatehouse.root", "..")).toAbsolutePath().normalize();
    private static final Path E2E = ROOT.resolve("e2e");
    private static final String WORKSPACE = "demo";

    private static volatile Path home;
    private static volatile E2eStack stack;

    // Lifecycle methods wait on I/O (npm, the stack): their time limits run them in a thread of
    // their own, so that even a thread stuck in I/O fails the test in time (with a thread dump).
    @BeforeAll
    @Timeout(value = 20, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    static void startStack() throws Exception {
        assumeTrue(onPath("node") && onPath("npm"),
                "Node.js and npm are not on PATH: the TypeScript SDK end-to-end tests are SKIPPED");
        E2eStack.requirePortsFree();
        assertEquals(0, run(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"), Map.of(), 600),
                "npm ci failed (output above)");

        home = Files.createTempDirectory("gatehouse-e2e-");
        // the whole suite comes from one address and makes about 300 requests in its first minute,
        // past the per-address limit of 200 a minute; that limit has tests of its own (RateLimitEndpointTest)
        stack = E2eStack.start(ROOT, home, Map.of("GATEHOUSE_GATEWAY_RATE_LIMIT_REQUESTS_PER_MINUTE", "2000"));
        stack.awaitReady(Duration.ofMinutes(8));
    }

    @AfterAll
    @Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    static void stopStack() throws Exception {
        if (stack != null) {
            stack.stop(Duration.ofSeconds(90));
        }
        if (home != null) {
            try (Stream<Path> paths = Files.walk(home)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    @Timeout(value = 12, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void officialTypeScriptClientThroughTheGateway() throws Exception {
        Properties seed = new Properties();
        try (Reader in = Files.newBufferedReader(home.resolve("data/demo/seed.properties"))) {
            seed.load(in);
        }
        Map<String, String> env = Map.of(
                "GATEHOUSE_GATEWAY_URL", "http://127.0.0.1:8080/api/gw/" + WORKSPACE,
                "GATEHOUSE_WORKSPACE", WORKSPACE,
                "GATEHOUSE_REGISTRY_URL", "http://127.0.0.1:8081",
                "GATEHOUSE_IDENTITY_URL", "http://127.0.0.1:8082",
                "GATEHOUSE_AUDIT_URL", "http://127.0.0.1:8083",
                "GATEHOUSE_ADMIN_TOKEN", seed.getProperty("admin.token"),
                "GATEHOUSE_MEMBER_TOKEN", seed.getProperty("alice.token"),
                "GATEHOUSE_RESTRICTED_TOKEN", seed.getProperty("bob.token"));
        assertEquals(0, run(List.of("npm", "test"), env, 600), "the TypeScript SDK end-to-end tests failed (output above)");
    }

    /**
     * Runs an npm command in e2e/ and returns its exit status. It runs {@link ParentBound bound} to
     * this JVM: if the JVM dies, npm and the node processes it started are stopped too. One thread
     * copies its output; on a timeout the whole tree is stopped, which ends that output.
     */
    private static int run(List<String> command, Map<String, String> env, long timeoutSeconds) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(ParentBound.command(command)).directory(E2E.toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        // copied through System.out: writing to the forked test JVM's own stdout would garble Surefire's channel
        Thread copy = new Thread(() -> {
            try (BufferedReader out = process.inputReader(StandardCharsets.UTF_8)) {
                out.lines().forEach(System.out::println);
            } catch (IOException | UncheckedIOException e) {
                // the process is gone
            }
        }, "npm-output");
        copy.setDaemon(true);
        copy.start();
        try {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new IllegalStateException(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
            }
            return process.exitValue();
        } finally {
            if (process.isAlive()) {
                process.destroy(); // closes the wrapper's input: it stops npm's whole process tree
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
            }
            copy.join(10_000);
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }
}
