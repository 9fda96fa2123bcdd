package dev.gatehouse.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
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

    private static Path home;
    private static Process stack;

    @BeforeAll
    static void startStack() throws Exception {
        assumeTrue(onPath("node") && onPath("npm"),
                "Node.js and npm are not on PATH: the TypeScript SDK end-to-end tests are SKIPPED");
        run(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"), Map.of(), 600);

        home = Files.createTempDirectory("gatehouse-e2e-");
        stack = new ProcessBuilder(javaCommand(), "-Xmx256m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"),
                "dev.gatehouse.infra.local.LocalStack", "--root", ROOT.toString(), "--home", home.toString())
                .redirectErrorStream(true)
                .start();
        assertTrue(awaitReady(stack), "the local stack did not come up; its logs are in " + home.resolve("logs"));
    }

    @AfterAll
    static void stopStack() throws Exception {
        if (stack != null) {
            stack.destroy();
            if (!stack.waitFor(90, TimeUnit.SECONDS)) {
                stack.destroyForcibly();
            }
        }
        if (home != null) {
            try (Stream<Path> paths = Files.walk(home)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
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

    /** Echoes the supervisor's progress and waits for its verdict. */
    private static boolean awaitReady(Process process) throws IOException {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                System.out.println("[stack] " + line);
                if (line.equals("gatehouse: ready")) {
                    drainInBackground(out);
                    return true;
                }
                if (line.equals("gatehouse: failed")) {
                    return false;
                }
            }
        }
        return false;
    }

    private static void drainInBackground(BufferedReader out) {
        Thread drain = new Thread(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    System.out.println("[stack] " + line);
                }
            } catch (IOException e) {
                // the stack stopped
            }
        }, "stack-output");
        drain.setDaemon(true);
        drain.start();
    }

    private static int run(List<String> command, Map<String, String> env, long timeoutSeconds) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).directory(E2E.toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        // copied through System.out: writing to the forked test JVM's own stdout would garble Surefire's channel
        Thread copy = new Thread(() -> process.inputReader(StandardCharsets.UTF_8).lines().forEach(System.out::println));
        copy.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
        }
        copy.join(5_000);
        return process.exitValue();
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
