package dev.gatehouse.registry.service;

import dev.gatehouse.registry.UpstreamServer;
import dev.gatehouse.registry.client.McpHandshake;
import dev.gatehouse.registry.config.RegistryConfig;
import dev.gatehouse.registry.dto.ServerView;
import dev.gatehouse.registry.messaging.ActivityEvents;
import dev.gatehouse.registry.repository.ServerRepository;
import dev.gatehouse.registry.dto.ToolListView;
import dev.gatehouse.shared.net.Destination;
import dev.gatehouse.shared.net.OutboundGuard;
import dev.gatehouse.shared.net.OutboundRefusedException;
import dev.gatehouse.shared.problem.ProblemException;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * Checks enabled upstream servers on a schedule ({@code gatehouse.registry.health.interval}) with a
 * real MCP handshake and records status, latency, tool count and last error on the server.
 *
 * <p>A {@code server.health_checked} event is written when the status changes (including the
 * first check) and otherwise once every {@code gatehouse.registry.health.event-every} checks, so a
 * steady fleet does not flood the activity topic.
 */
@ApplicationScoped
public class HealthCheckService {

    private final ServerRepository servers;
    private final WorkspaceService workspaceService;
    private final McpHandshake handshake;
    private final OutboundGuard outbound;
    private final CredentialCipher cipher;
    private final ActivityEvents events;
    private final RegistryConfig.Health config;

    public HealthCheckService(ServerRepository servers, WorkspaceService workspaceService, McpHandshake handshake,
                              OutboundGuard outbound, CredentialCipher cipher, ActivityEvents events, RegistryConfig config) {
        this.servers = servers;
        this.workspaceService = workspaceService;
        this.handshake = handshake;
        this.outbound = outbound;
        this.cipher = cipher;
        this.events = events;
        this.config = config.health();
    }

    /**
     * Checks every enabled server, at most {@code health.max-concurrent} at once (each check mostly
     * waits on the network), so a schedule run never sends thousands of requests at the same moment.
     */
    @Scheduled(every = "${gatehouse.registry.health.interval}", delay = 5,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void checkAll() {
        List<Check> checks = QuarkusTransaction.requiringNew().call(
                () -> servers.listAllEnabled().stream().map(this::prepare).toList());
        Semaphore running = new Semaphore(Math.max(1, config.maxConcurrent()));
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Check check : checks) {
                running.acquireUninterruptibly();
                executor.submit(() -> {
                    try {
                        runAndRecord(check, false);
                    } finally {
                        running.release();
                    }
                });
            }
        }
    }

    /** Checks one server now, enabled or not, and answers it with the result. */
    public ServerView checkNow(Caller caller, String workspaceSlug, String serverSlug) {
        Check check = find(caller, workspaceSlug, serverSlug);
        runAndRecord(check, false);
        return QuarkusTransaction.requiringNew().call(() -> servers.findByIdOptional(check.serverId())
                .map(ServerView::of)
                .orElseThrow(() -> ProblemException.notFound("Server '" + serverSlug + "' was removed during the check.")));
    }

    /**
     * Checks one server now, records its health like {@link #checkNow}, and answers the tool names,
     * prompt names and resource URIs it listed: the live catalog the console's allowlist editor
     * picks rules from.
     */
    public ToolListView toolsNow(Caller caller, String workspaceSlug, String serverSlug) {
        Check check = find(caller, workspaceSlug, serverSlug);
        McpHandshake.Result result = runAndRecord(check, true);
        return new ToolListView(serverSlug, result.up() ? "up" : "down", result.error(), result.toolNames(),
                result.promptNames(), result.resourceUris(), result.resourceTemplates());
    }

    private Check find(Caller caller, String workspaceSlug, String serverSlug) {
        return QuarkusTransaction.requiringNew().call(() -> prepare(
                servers.findBySlug(workspaceService.find(caller, workspaceSlug), serverSlug)
                        .orElseThrow(() -> ProblemException.notFound(
                                "Server '" + serverSlug + "' does not exist in workspace '" + workspaceSlug + "'."))));
    }

    private Check prepare(UpstreamServer server) {
        Duration timeout = Duration.ofMillis(Math.min(server.timeoutMs, config.timeout().toMillis()));
        String credential = server.credentialEncrypted == null ? null : cipher.decrypt(server.credentialEncrypted);
        return new Check(server.id, server.workspace.slug, server.slug,
                new McpHandshake.Target(server.url, server.transport, timeout, server.credentialHeader, credential));
    }

    /** @param catalog also list prompts and resources (see {@link McpHandshake#check(McpHandshake.Target, Destination, boolean)}) */
    private McpHandshake.Result runAndRecord(Check check, boolean catalog) {
        McpHandshake.Result result = new McpHandshake.Result(false, 0, null, "the check could not run");
        try {
            result = run(check, catalog);
            McpHandshake.Result checked = result;
            QuarkusTransaction.requiringNew().run(() -> record(check, checked));
        } catch (RuntimeException e) {
            Log.warnf(e, "Health check of server %s in workspace %s could not be recorded", check.serverSlug(), check.workspace());
        }
        return result;
    }

    /**
     * Resolves the host now (it may resolve differently than at registration), checks every address,
     * and lets the handshake connect only to the checked one.
     */
    private McpHandshake.Result run(Check check, boolean catalog) {
        URI url = URI.create(check.target().url());
        Destination destination;
        try {
            destination = outbound.destination(url);
        } catch (UnknownHostException e) {
            return new McpHandshake.Result(false, 0, null, "not checked: the host does not resolve");
        } catch (OutboundRefusedException e) {
            return new McpHandshake.Result(false, 0, null, "not checked: " + e.getMessage());
        }
        if (check.target().credentialHeader() != null && "http".equalsIgnoreCase(url.getScheme()) && !destination.openedByAllow()) {
            return new McpHandshake.Result(false, 0, null,
                    "not checked: a credential is sent only over https, or to a host gatehouse.outbound.allowed opens");
        }
        return handshake.check(check.target(), destination, catalog);
    }

    private void record(Check check, McpHandshake.Result result) {
        UpstreamServer server = servers.findById(check.serverId());
        if (server == null) {
            return;
        }
        String status = result.up() ? "up" : "down";
        boolean changed = !status.equals(server.healthStatus);
        server.healthStatus = status;
        server.healthLatencyMs = result.latencyMs();
        server.healthToolCount = result.toolCount();
        server.healthError = result.error();
        server.healthCheckedAt = WorkspaceService.now();
        server.healthUnreported++;
        if (changed || server.healthUnreported >= config.eventEvery()) {
            server.healthUnreported = 0;
            events.healthChecked(check.workspace(), server.slug, status, result.latencyMs(), result.toolCount(), result.error());
        }
    }

    /** A server to check, read in one transaction and checked outside any. */
    private record Check(long serverId, String workspace, String serverSlug, McpHandshake.Target target) {
    }
}
