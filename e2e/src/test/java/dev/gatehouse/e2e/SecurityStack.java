package dev.gatehouse.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.infra.Ports;
import dev.gatehouse.infra.local.RestartRequests;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The local stack ({@link E2eStack}: {@code LocalStack} in a child JVM, fixed ports, seeded demo
 * workspace) as the security replays and fault tests use it: management calls, a fresh member
 * per run (the marker by which a test counts its own events), the audit trail, and the parts'
 * processes (kill -9 by the process id in the state file, restart through {@link RestartRequests}).
 *
 * <p>Each test class starts one and stops it in its {@code @AfterAll}: the stack's ports are
 * fixed, so the next class (or the TypeScript SDK test) finds them free.
 */
final class SecurityStack {

    static final String WORKSPACE = "demo";
    static final String GATEWAY = "http://127.0.0.1:8080";
    static final String REGISTRY = "http://127.0.0.1:8081";
    static final String IDENTITY = "http://127.0.0.1:8082";
    static final String AUDIT = "http://127.0.0.1:8083";
    static final String KAFKA = "127.0.0.1:19092";

    private static final Path ROOT = Path.of(System.getProperty("gatehouse.root", "..")).toAbsolutePath().normalize();

    private final String owner;
    private final Path home;
    private final E2eStack stack;
    private final Properties seed = new Properties();
    private final String operatorCredential;

    private SecurityStack(String owner, Path home, E2eStack stack) throws IOException {
        this.owner = owner;
        this.home = home;
        this.stack = stack;
        try (Reader in = Files.newBufferedReader(home.resolve("data/demo/seed.properties"))) {
            seed.load(in);
        }
        this.operatorCredential = Files.readString(home.resolve("secrets/operator-credential")).trim();
        for (String step : List.of("admin.token", "server.alpha", "enforcement")) {
            if (!seed.containsKey(step)) {
                throw new IllegalStateException("the demo workspace is not fully seeded (no '" + step
                        + "' in seed.properties): see the [stack] lines above");
            }
        }
    }

    /**
     * Starts the stack and waits until it is ready and the demo workspace is seeded; {@code owner}
     * (the test class) names the folder its logs are kept in.
     */
    static SecurityStack start(String owner) throws Exception {
        E2eStack.requirePortsFree();
        Path home = Files.createTempDirectory("gatehouse-security-e2e-");
        long started = System.nanoTime();
        E2eStack stack = E2eStack.start(ROOT, home);
        try {
            stack.awaitReady(Duration.ofMinutes(6));
            SecurityStack security = new SecurityStack(owner, home, stack);
            System.out.printf("[security-e2e] stack ready in %.1f s%n", (System.nanoTime() - started) / 1e9);
            return security;
        } catch (Exception | AssertionError e) {
            stack.stop(Duration.ofSeconds(60));
            keepLogsAndDelete(owner, home);
            throw e;
        }
    }

    /**
     * Stops the stack and everything it started (and restarted), keeps its logs in
     * {@code e2e/target/<owner>-logs} (a failure is explained there), then deletes its folder.
     */
    void stop() throws Exception {
        stack.stop(Duration.ofSeconds(90));
        keepLogsAndDelete(owner, home);
    }

    private static void keepLogsAndDelete(String owner, Path home) throws IOException, InterruptedException {
        Path logs = home.resolve("logs");
        Path kept = ROOT.resolve("e2e/target/" + owner + "-logs");
        if (Files.isDirectory(logs)) {
            delete(kept);
            Files.createDirectories(kept);
            try (Stream<Path> files = Files.list(logs)) {
                for (Path log : files.toList()) {
                    if (Files.isRegularFile(log)) { // follows the link to Kafka's log
                        Files.copy(log, kept.resolve(log.getFileName()));
                    }
                }
            }
            System.out.println("[security-e2e] the stack's logs: " + kept);
        }
        deleteWithRetries(home);
    }

    /** Parts that shut down late (PostgreSQL's statistics, Kafka's snapshots) may still write a file or two. */
    private static void deleteWithRetries(Path home) throws InterruptedException {
        for (int attempt = 0; attempt < 10 && Files.exists(home); attempt++) {
            try {
                delete(home);
            } catch (IOException | java.io.UncheckedIOException e) {
                // a file vanished or appeared during the walk: the next attempt sees the rest
            }
            if (Files.exists(home)) {
                Thread.sleep(500);
            }
        }
        if (Files.exists(home)) {
            System.out.println("[security-e2e] could not delete " + home + " entirely");
        }
    }

    // ---- management ----

    String demoAdminToken() {
        return seed.getProperty("admin.token");
    }

    /** Exchanges a credential for a management JWT; fails unless identity answers 200. */
    String jwt(String credential) {
        JsonHttp.Answer answer = exchange(credential);
        assertEquals(200, answer.status(), () -> "token exchange: " + answer.brief());
        return answer.json().path("access_token").asText();
    }

    /** The raw answer of identity's token exchange for {@code credential}. */
    JsonHttp.Answer exchange(String credential) {
        return JsonHttp.send("POST", IDENTITY + "/api/v1/token", credential, null);
    }

    String operatorJwt() {
        return jwt(operatorCredential);
    }

    /** Creates a workspace as the operator; returns its admin token. */
    String createWorkspace(String slug) {
        JsonHttp.Answer created = JsonHttp.send("POST", REGISTRY + "/api/v1/workspaces", operatorJwt(),
                Map.of("slug", slug, "name", "Security e2e " + slug));
        assertEquals(201, created.status(), () -> "create workspace " + slug + ": " + created.brief());
        return created.json().path("adminToken").asText();
    }

    /** A new member token of the demo workspace allowed {@code alpha:echo}; its member id is fresh per run. */
    Member newDemoMember(String purpose) {
        String memberId = "f-" + purpose + "-" + UUID.randomUUID().toString().substring(0, 8);
        String adminJwt = jwt(demoAdminToken());
        JsonHttp.Answer created = JsonHttp.send("POST", IDENTITY + "/api/v1/workspaces/" + WORKSPACE + "/tokens", adminJwt,
                Map.of("kind", "member", "memberId", memberId, "displayName", "security e2e " + purpose));
        assertEquals(201, created.status(), () -> "create member: " + created.brief());
        String tokenId = created.json().path("id").asText();
        JsonHttp.Answer rules = JsonHttp.send("PUT", IDENTITY + "/api/v1/workspaces/" + WORKSPACE + "/tokens/" + tokenId
                + "/allowlist", adminJwt, Map.of("rules", List.of("alpha:echo")));
        assertEquals(200, rules.status(), () -> "allowlist: " + rules.brief());
        return new Member(memberId, created.json().path("token").asText());
    }

    /** A member: its id (the marker of a run's events) and its {@code mng_} token. */
    record Member(String id, String token) {
    }

    GatewaySession openDemoSession(Member member) {
        return GatewaySession.open(GATEWAY + "/api/gw/" + WORKSPACE, member.token());
    }

    /** A session whose connections leave from {@code localAddress} (a client of its own for the rate limit). */
    GatewaySession openDemoSession(Member member, java.net.InetAddress localAddress) {
        return GatewaySession.open(JsonHttp.client(localAddress), GATEWAY + "/api/gw/" + WORKSPACE, member.token());
    }

    // ---- the audit trail (read as the platform operator: independent of what a replay did to the demo admin) ----

    /** Every {@code tool.called} event of {@code memberId} in the demo workspace, streamed by export. */
    List<JsonNode> toolCallsOf(String memberId) {
        JsonHttp.Answer export = JsonHttp.send("GET", AUDIT + "/api/v1/workspaces/" + WORKSPACE
                + "/audit/export?format=ndjson&type=tool.called&member=" + memberId, operatorJwt(), null);
        assertEquals(200, export.status(), () -> "audit export: " + export.brief());
        List<JsonNode> events = new ArrayList<>();
        for (String line : export.body().split("\n")) {
            if (!line.isBlank()) {
                try {
                    events.add(JsonHttp.JSON.readTree(line));
                } catch (IOException e) {
                    throw new AssertionError("export line is not JSON: " + JsonHttp.abbreviated(line), e);
                }
            }
        }
        return events;
    }

    /** The verify report of the demo workspace's whole chain. */
    JsonNode verifyDemo() {
        JsonHttp.Answer verify = JsonHttp.send("GET", AUDIT + "/api/v1/workspaces/" + WORKSPACE + "/audit/verify",
                operatorJwt(), null, Duration.ofSeconds(60), null);
        assertEquals(200, verify.status(), () -> "audit verify: " + verify.brief());
        return verify.json();
    }

    // ---- the parts' processes ----

    /** The process id of {@code part} in the supervisor's state file, or -1. */
    long pidOf(String part) throws IOException {
        String[] fields = stateLine(part);
        return fields != null && fields[3].matches("[0-9]+") ? Long.parseLong(fields[3]) : -1;
    }

    /** kill -9 of {@code part}; returns once the process is gone. */
    long kill9(String part) throws Exception {
        long pid = pidOf(part);
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError(part + " (pid " + pid + ") is not running"));
        process.destroyForcibly(); // SIGKILL on Linux and macOS
        process.onExit().get(20, java.util.concurrent.TimeUnit.SECONDS);
        System.out.println("[security-e2e] kill -9 " + part + " (pid " + pid + ")");
        return pid;
    }

    /** Asks the supervisor to restart {@code part}; returns once the state file shows it ready under a new pid. */
    void restart(String part, long oldPid, Duration timeout) throws Exception {
        long asked = System.nanoTime();
        RestartRequests.request(home, part);
        awaitTrue(part + " restarted (state file ready with a new pid)", timeout, () -> {
            try {
                String[] fields = stateLine(part);
                return fields != null && fields[1].equals("ready") && fields[3].matches("[0-9]+")
                        && Long.parseLong(fields[3]) != oldPid;
            } catch (IOException e) {
                return false;
            }
        });
        System.out.printf("[security-e2e] %s restarted in %.1f s (pid %d)%n", part, (System.nanoTime() - asked) / 1e9, pidOf(part));
    }

    private String[] stateLine(String part) throws IOException {
        Path state = home.resolve("state");
        if (!Files.exists(state)) {
            return null;
        }
        for (String line : Files.readAllLines(state)) {
            String[] fields = line.trim().split("\\s+");
            if (!line.startsWith("#") && fields.length > 3 && fields[0].equals(part)) {
                return fields;
            }
        }
        return null;
    }

    // ---- waiting ----

    /** Polls {@code condition} every 100 ms until it holds; fails with {@code what} after {@code timeout}. */
    static void awaitTrue(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    static boolean listening(int port) {
        return Ports.isListening(port);
    }

    private static void delete(Path home) throws IOException {
        if (!Files.exists(home)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(home)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
