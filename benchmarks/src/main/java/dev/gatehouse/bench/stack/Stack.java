package dev.gatehouse.bench.stack;

import dev.gatehouse.bench.BenchContext;
import dev.gatehouse.bench.Settings;
import dev.gatehouse.bench.mcp.Target;
import dev.gatehouse.bench.proc.PortOwner;
import dev.gatehouse.bench.proc.ResourceSampler.Watched;
import dev.gatehouse.infra.Ports;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The running Gatehouse services (started by {@code bin/gatehouse up}, or by hand) and the
 * benchmark workspace set up in them: the upstream servers registered with a prefix each, a member
 * token with an allowlist, enforcement on.
 */
public final class Stack {

    private final Map<String, String> urls;
    private final ManagementApi api;
    private final String operatorCredential;
    private final String slug;
    private final Properties auditConfig;
    private final Path home;
    private Workspace workspace;
    private RuntimeException setupFailure;

    /** The benchmark workspace: its slug, admin token and the member token the load uses. */
    public record Workspace(String slug, String adminToken, ManagementApi.Token member) {
    }

    /** How to reach the stack's PostgreSQL (as audit-service does). */
    public record Database(String url, String user, String password) {
    }

    private Stack(Map<String, String> urls, HttpClient http, String operatorCredential, String slug,
                  Properties auditConfig, Path home) {
        this.home = home;
        this.urls = urls;
        this.api = new ManagementApi(http, urls.get("registry-service"), urls.get("identity-service"));
        this.operatorCredential = operatorCredential;
        this.slug = slug;
        this.auditConfig = auditConfig;
    }

    /** The stack when its gateway listens (and {@code stack} is not {@code off}). */
    public static Optional<Stack> detect(Settings settings, HttpClient http) {
        Map<String, String> urls = new LinkedHashMap<>();
        urls.put("gateway-service", settings.string("gateway.url", "http://127.0.0.1:8080"));
        urls.put("registry-service", settings.string("registry.url", "http://127.0.0.1:8081"));
        urls.put("identity-service", settings.string("identity.url", "http://127.0.0.1:8082"));
        urls.put("audit-service", settings.string("audit.url", "http://127.0.0.1:8083"));
        // bin/gatehouse keeps the stack's generated secrets and each service's config under .gatehouse/
        Path home = Path.of(settings.string("stack.home", System.getenv().getOrDefault("GATEHOUSE_HOME", ".gatehouse")));
        String credential = settings.string("operator.credential.file", home.resolve("secrets/operator-credential").toString());
        String slug = settings.string("workspace", "bench-" + Long.toString(System.currentTimeMillis() / 1000, 36));
        if ("off".equals(settings.string("stack", "auto")) || !Ports.isListening(port(urls.get("gateway-service")))) {
            return Optional.empty();
        }
        Properties audit = read(Path.of(settings.string("audit.config", home.resolve("run/audit/config/application.properties").toString())));
        return Optional.of(new Stack(urls, http, secret(Path.of(credential)), slug, audit, home));
    }

    private static String secret(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the operator credential at " + file
                    + " (set --operator.credential.file=...)", e);
        }
    }

    private static Properties read(Path file) {
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            properties.load(in);
        } catch (IOException e) {
            // only the audit scenarios need it; they say so when it is missing
        }
        return properties;
    }

    /** The stack's PostgreSQL, from audit-service's generated configuration. */
    public Database database() {
        String url = required("quarkus.datasource.jdbc.url");
        return new Database(url, required("quarkus.datasource.username"), required("quarkus.datasource.password"));
    }

    /** The stack's Kafka bootstrap servers, from audit-service's generated configuration. */
    public String kafkaBootstrap() {
        return required("kafka.bootstrap.servers");
    }

    private String required(String key) {
        String value = auditConfig.getProperty(key);
        if (value == null) {
            throw new IllegalStateException(key + " not found in audit-service's generated config (--audit.config=...)");
        }
        return value;
    }

    /** The service processes, PostgreSQL and Kafka, found by the port they listen on. */
    public List<Watched> processes() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        urls.forEach((name, url) -> ports.put(name, port(url)));
        Optional.ofNullable(auditConfig.getProperty("quarkus.datasource.jdbc.url"))
                .map(url -> URI.create(url.substring("jdbc:".length())).getPort()).filter(p -> p > 0)
                .ifPresent(p -> ports.put("postgresql", p));
        Optional.ofNullable(auditConfig.getProperty("kafka.bootstrap.servers"))
                .map(servers -> Integer.parseInt(servers.split(",")[0].replaceAll(".*:", "")))
                .ifPresent(p -> ports.put("kafka", p));
        List<Watched> found = new ArrayList<>();
        ports.forEach((name, port) -> PortOwner.pidListeningOn(port).ifPresent(pid -> found.add(new Watched(name, pid))));
        return found;
    }

    /** The stack's folder ({@code .gatehouse/}): secrets, generated configs, {@code logs/}. */
    public Path home() {
        return home;
    }

    public String url(String service) {
        return urls.get(service);
    }

    public ManagementApi api() {
        return api;
    }

    public String operatorJwt() {
        return api.jwt(operatorCredential);
    }

    /** The gateway endpoint of the benchmark workspace, with the member token; tools of {@code server} carry its prefix. */
    public Target gatewayTarget(BenchContext context, String server) {
        Workspace ws = workspace(context);
        return new Target("gateway", url("gateway-service") + "/api/gw/" + ws.slug(), ws.member().value(), server + "_");
    }

    /**
     * Sets the benchmark workspace up once: the {@code alpha} and {@code beta} upstreams, a member
     * whose allowlist names the tools the scenarios call, and enforcement on, so every call goes
     * through the full decision.
     */
    public synchronized Workspace workspace(BenchContext context) {
        if (setupFailure != null) {
            // half set up: later scenarios report the same cause rather than a conflict
            throw setupFailure;
        }
        if (workspace == null) {
            try {
                workspace = setUp(context);
            } catch (RuntimeException e) {
                setupFailure = e;
                throw e;
            }
        }
        return workspace;
    }

    private Workspace setUp(BenchContext context) {
        List<Server> servers = new ArrayList<>();
        for (String profile : List.of("alpha", "beta")) {
            servers.add(new Server(profile, context.upstreams().get(profile, profile).url(), profile + "_"));
        }
        return createWorkspace(slug, servers, List.of("alpha:echo", "beta:progress"));
    }

    /** An upstream to register: its slug, Streamable HTTP URL and tool prefix. */
    public record Server(String slug, String url, String prefix) {
    }

    /**
     * A fresh workspace with {@code servers}, a member token allowed only {@code rules}
     * ({@code server:tool}) and enforcement on, so every call goes through the full decision.
     */
    public Workspace createWorkspace(String slug, List<Server> servers, List<String> rules) {
        String adminToken = api.createWorkspace(operatorJwt(), slug);
        String adminJwt = api.jwt(adminToken);
        for (Server server : servers) {
            api.addServer(adminJwt, slug, server.slug(), server.url(), server.prefix());
        }
        ManagementApi.Token member = api.createMember(adminJwt, slug, "bench-member");
        api.setAllowlist(adminJwt, slug, member.id(), rules);
        api.setEnforcement(adminJwt, slug, true);
        return new Workspace(slug, adminToken, member);
    }

    /** The gateway endpoint of {@code workspace} with its member token; tools carry {@code prefix}. */
    public Target gatewayTarget(Workspace workspace, String name, String prefix) {
        return new Target(name, url("gateway-service") + "/api/gw/" + workspace.slug(), workspace.member().value(), prefix);
    }

    /** The benchmark workspaces' slug stem ({@code bench-<run>}); other scenarios add a suffix. */
    public String slug() {
        return slug;
    }

    private static int port(String url) {
        return URI.create(url).getPort();
    }
}
