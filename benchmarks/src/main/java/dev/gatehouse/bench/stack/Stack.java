package dev.gatehouse.bench.stack;

import dev.gatehouse.bench.BenchContext;
import dev.gatehouse.bench.Settings;
import dev.gatehouse.bench.mcp.Target;
import dev.gatehouse.bench.proc.PortOwner;
import dev.gatehouse.bench.proc.ResourceSampler.Watched;
import dev.gatehouse.infra.Ports;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
    private Workspace workspace;

    /** The benchmark workspace: its slug, admin token and the member token the load uses. */
    public record Workspace(String slug, String adminToken, ManagementApi.Token member) {
    }

    private Stack(Map<String, String> urls, HttpClient http, String operatorCredential, String slug) {
        this.urls = urls;
        this.api = new ManagementApi(http, urls.get("registry-service"), urls.get("identity-service"));
        this.operatorCredential = operatorCredential;
        this.slug = slug;
    }

    /** The stack when its gateway listens (and {@code stack} is not {@code off}). */
    public static Optional<Stack> detect(Settings settings, HttpClient http) {
        Map<String, String> urls = new LinkedHashMap<>();
        urls.put("gateway-service", settings.string("gateway.url", "http://127.0.0.1:8080"));
        urls.put("registry-service", settings.string("registry.url", "http://127.0.0.1:8081"));
        urls.put("identity-service", settings.string("identity.url", "http://127.0.0.1:8082"));
        urls.put("audit-service", settings.string("audit.url", "http://127.0.0.1:8083"));
        String credential = settings.string("operator.credential", "dev-operator-credential");
        String slug = settings.string("workspace", "bench-" + Long.toString(System.currentTimeMillis() / 1000, 36));
        if ("off".equals(settings.string("stack", "auto")) || !Ports.isListening(port(urls.get("gateway-service")))) {
            return Optional.empty();
        }
        return Optional.of(new Stack(urls, http, credential, slug));
    }

    /** The service processes, found by the port they listen on. */
    public List<Watched> processes() {
        List<Watched> found = new ArrayList<>();
        urls.forEach((name, url) -> PortOwner.pidListeningOn(port(url)).ifPresent(pid -> found.add(new Watched(name, pid))));
        return found;
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
        if (workspace == null) {
            String adminToken = api.createWorkspace(operatorJwt(), slug);
            String adminJwt = api.jwt(adminToken);
            for (String profile : List.of("alpha", "beta")) {
                api.addServer(adminJwt, slug, profile, context.upstreams().get(profile, profile).url(), profile + "_");
            }
            ManagementApi.Token member = api.createMember(adminJwt, slug, "bench-member");
            api.setAllowlist(adminJwt, slug, member.id(), List.of("alpha:echo", "beta:progress"));
            api.setEnforcement(adminJwt, slug, true);
            workspace = new Workspace(slug, adminToken, member);
        }
        return workspace;
    }

    private static int port(String url) {
        return URI.create(url).getPort();
    }
}
