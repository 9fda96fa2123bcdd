package dev.gatehouse.infra.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * Seeds the {@code demo} workspace through the services' own APIs: the workspace (its admin token),
 * both demo MCP servers with prefixes, a member token without rules, a member token restricted by
 * an allowlist, and enforcement on. Each step is recorded in {@code .gatehouse/data/demo/seed.properties}
 * (owner-only: it holds the tokens, which the services show only once), so a later start finishes
 * what an earlier one could not and never repeats a step. Then writes the summary that
 * {@code bin/gatehouse up} prints: gateway URL, tokens, client configurations, curl lines.
 */
final class DemoSeeder {

    static final String WORKSPACE = "demo";
    static final List<String> RESTRICTED_RULES = List.of("alpha:echo", "beta:progress");
    /** With enforcement on, a member without rules may call nothing: alice gets every tool of both demo servers. */
    static final List<String> FULL_RULES = List.of("alpha:*", "beta:*");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    // HTTP/1.1: the client's h2c upgrade attempt could leave a call hanging past its timeout
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final StackLayout layout;
    private final LocalSecrets secrets;
    private final ServiceSettings.InfraPorts ports;
    private final Path seedFile;
    private final Properties seed = new Properties();

    private DemoSeeder(StackLayout layout, LocalSecrets secrets, ServiceSettings.InfraPorts ports) {
        this.layout = layout;
        this.secrets = secrets;
        this.ports = ports;
        this.seedFile = layout.data("demo").resolve("seed.properties");
    }

    /** Seeds what is missing when identity and registry run; reports through {@code say}, never throws. */
    static void seedIfPossible(StackLayout layout, LocalSecrets secrets, ServiceSettings.InfraPorts ports,
                               Predicate<String> ready,
                               BiConsumer<String, String> say) {
        List<String> missing = List.of("identity", "registry").stream().filter(ready.negate()).toList();
        if (!missing.isEmpty()) {
            say.accept("demo", "workspace not seeded: " + String.join(" and ", missing) + " not running");
            return;
        }
        DemoSeeder seeder = new DemoSeeder(layout, secrets, ports);
        try {
            seeder.load();
            seeder.seed(say);
            say.accept("demo", "workspace '" + WORKSPACE + "' ready; tokens and client settings in " + layout.demoSummary());
        } catch (SeedingFailed | IOException | UncheckedIOException e) {
            say.accept("demo", "seeding stopped: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            seeder.writeSummary(ready.test("gateway"));
        }
    }

    private void seed(BiConsumer<String, String> say) throws IOException, InterruptedException {
        String operatorJwt = jwt(secrets.operatorCredential());
        if (!seed.containsKey("admin.token")) {
            JsonNode created = call("POST", registry("/api/v1/workspaces"), operatorJwt,
                    Map.of("slug", WORKSPACE, "name", "Demo"), 201);
            record("admin.token", created.path("adminToken").asText());
            say.accept("demo", "workspace created");
        }
        String adminJwt = jwt(seed.getProperty("admin.token"));
        registerServer(adminJwt, "alpha", "Alpha demo server", ports.demoAlpha());
        registerServer(adminJwt, "beta", "Beta demo server (progress)", ports.demoBeta());
        member(adminJwt, "alice", "Alice (member, every demo tool)");
        member(adminJwt, "bob", "Bob (member, allowlist)");
        allowlist(adminJwt, "alice", FULL_RULES);
        allowlist(adminJwt, "bob", RESTRICTED_RULES);
        if (!seed.containsKey("enforcement")) {
            call("PUT", identity("/api/v1/workspaces/" + WORKSPACE + "/security"), adminJwt, Map.of("enforcement", true), 200);
            record("enforcement", "on");
        }
    }

    private void registerServer(String adminJwt, String slug, String name, int port) throws IOException, InterruptedException {
        String key = "server." + slug;
        if (seed.containsKey(key)) {
            return;
        }
        HttpResponse<String> response = send("POST", registry("/api/v1/workspaces/" + WORKSPACE + "/servers"), adminJwt,
                Map.of("slug", slug, "name", name, "url", "http://127.0.0.1:" + port + "/mcp",
                        "transport", "streamable-http", "prefix", slug + "_"));
        // 409: registered by an earlier start that could not record it
        if (response.statusCode() != 201 && response.statusCode() != 409) {
            throw failure("register server " + slug, response);
        }
        record(key, slug + "_");
    }

    private void allowlist(String adminJwt, String memberId, List<String> rules) throws IOException, InterruptedException {
        if (seed.containsKey(memberId + ".allowlist")) {
            return;
        }
        call("PUT", identity("/api/v1/workspaces/" + WORKSPACE + "/tokens/" + seed.getProperty(memberId + ".id") + "/allowlist"),
                adminJwt, Map.of("rules", rules), 200);
        record(memberId + ".allowlist", String.join(",", rules));
    }

    private void member(String adminJwt, String memberId, String displayName) throws IOException, InterruptedException {
        if (seed.containsKey(memberId + ".token")) {
            return;
        }
        JsonNode created = call("POST", identity("/api/v1/workspaces/" + WORKSPACE + "/tokens"), adminJwt,
                Map.of("kind", "member", "memberId", memberId, "displayName", displayName), 201);
        seed.setProperty(memberId + ".id", created.path("id").asText());
        record(memberId + ".token", created.path("token").asText());
    }

    /** Exchanges a credential ({@code mng_} token or the operator credential) for a management JWT. */
    private String jwt(String credential) throws IOException, InterruptedException {
        return call("POST", identity("/api/v1/token"), credential, null, 200).path("access_token").asText();
    }

    private JsonNode call(String method, String url, String bearer, Object body, int expected)
            throws IOException, InterruptedException {
        HttpResponse<String> response = send(method, url, bearer, body);
        if (response.statusCode() != expected) {
            throw failure(method + " " + URI.create(url).getPath(), response);
        }
        return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }

    private HttpResponse<String> send(String method, String url, String bearer, Object body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(CALL_TIMEOUT)
                .header("Authorization", "Bearer " + bearer)
                .header("Accept", "application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        CompletableFuture<HttpResponse<String>> response = HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
        try {
            // a hard deadline of our own: seeding must never keep the stack from reporting ready
            return response.get(CALL_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            response.cancel(true);
            throw new SeedingFailed(method + " " + URI.create(url).getPath() + " did not answer within "
                    + CALL_TIMEOUT.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    /** The answer's status and problem title/detail (never the body as a whole: it could carry a token). */
    private static SeedingFailed failure(String step, HttpResponse<String> response) {
        String reason = "";
        try {
            JsonNode problem = JSON.readTree(response.body());
            reason = (problem.path("title").asText("") + " " + problem.path("detail").asText("")).trim();
        } catch (IOException | RuntimeException e) {
            // not problem+json: the status says enough
        }
        return new SeedingFailed(step + " answered " + response.statusCode() + (reason.isEmpty() ? "" : ": " + reason));
    }

    private String registry(String path) {
        return "http://127.0.0.1:" + ServiceSettings.port("registry") + path;
    }

    private String identity(String path) {
        return "http://127.0.0.1:" + ServiceSettings.port("identity") + path;
    }

    private void load() throws IOException {
        if (Files.exists(seedFile)) {
            seed.load(new StringReader(Files.readString(seedFile)));
        }
    }

    private void record(String key, String value) {
        seed.setProperty(key, value);
        StringWriter text = new StringWriter();
        try {
            seed.store(text, "demo workspace seeding (tokens: owner-only file)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Files600.write(seedFile, text.toString());
    }

    private void writeSummary(boolean gatewayRunning) {
        if (!seed.containsKey("admin.token")) {
            return;
        }
        String gateway = "http://127.0.0.1:" + ServiceSettings.port("gateway") + "/api/gw/" + WORKSPACE;
        String member = seed.getProperty("alice.token", "<member token: not created yet>");
        Files600.write(layout.demoSummary(), DemoSummary.text(gateway, gatewayRunning, seed.containsKey("enforcement"),
                seed.getProperty("admin.token"), member,
                seed.getProperty("bob.token", "<restricted token: not created yet>"),
                "http://127.0.0.1:" + ServiceSettings.port("identity"),
                "http://127.0.0.1:" + ServiceSettings.port("audit")));
    }

    /** A seeding step the services refused. */
    static final class SeedingFailed extends RuntimeException {
        SeedingFailed(String message) {
            super(message);
        }
    }
}
