package dev.gatehouse.registry.service;

import dev.gatehouse.registry.UpstreamServer;
import dev.gatehouse.registry.Workspace;
import dev.gatehouse.registry.config.RegistryConfig;
import dev.gatehouse.registry.dto.ServerRequest;
import dev.gatehouse.registry.dto.ServerRequest.CredentialInput;
import dev.gatehouse.registry.dto.ServerPage;
import dev.gatehouse.registry.dto.ServerView;
import dev.gatehouse.registry.messaging.ActivityEvents;
import dev.gatehouse.registry.repository.ServerRepository;
import dev.gatehouse.registry.repository.WorkspaceRepository;
import dev.gatehouse.shared.net.OutboundGuard;
import dev.gatehouse.shared.problem.FieldError;
import dev.gatehouse.shared.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Objects;

/**
 * Manages a workspace's upstream servers. Every change locks the workspace row, bumps its routing
 * version and writes an activity event in the same transaction.
 */
@ApplicationScoped
public class ServerService {

    private final WorkspaceService workspaceService;
    private final WorkspaceRepository workspaces;
    private final ServerRepository servers;
    private final OutboundGuard outbound;
    private final CredentialCipher cipher;
    private final ActivityEvents events;
    private final int maxServers;

    public ServerService(WorkspaceService workspaceService, WorkspaceRepository workspaces, ServerRepository servers,
                         OutboundGuard outbound, CredentialCipher cipher, ActivityEvents events, RegistryConfig config) {
        this.workspaceService = workspaceService;
        this.workspaces = workspaces;
        this.servers = servers;
        this.outbound = outbound;
        this.cipher = cipher;
        this.events = events;
        this.maxServers = config.maxServersPerWorkspace();
    }

    /**
     * One page of the workspace's servers by slug, by keyset: each server appears on exactly one
     * page however many there are, and a page costs one indexed range read. Going back from the
     * second page lands on the first page itself.
     */
    @Transactional
    public ServerPage page(Caller caller, String workspaceSlug, ServerListQuery query) {
        Workspace workspace = workspaceService.find(caller, workspaceSlug);
        ServerCursor cursor = query.cursor();
        List<UpstreamServer> rows;
        boolean hasPrevious;
        boolean hasNext;
        if (cursor != null && !cursor.after()) {
            List<UpstreamServer> before = servers.page(workspace, query.enabled(), query.health(), cursor.slug(), false,
                    query.limit() + 1);
            if (before.size() <= query.limit()) {
                return page(caller, workspaceSlug, query.first());
            }
            rows = before.subList(0, query.limit()).reversed();
            hasPrevious = true;
            hasNext = true;
        } else {
            List<UpstreamServer> after = servers.page(workspace, query.enabled(), query.health(),
                    cursor == null ? null : cursor.slug(), true, query.limit() + 1);
            rows = after.subList(0, Math.min(query.limit(), after.size()));
            hasPrevious = cursor != null;
            hasNext = after.size() > query.limit();
        }
        String next = hasNext && !rows.isEmpty() ? new ServerCursor(true, rows.getLast().slug).encode() : null;
        String previous = hasPrevious && !rows.isEmpty() ? new ServerCursor(false, rows.getFirst().slug).encode() : null;
        return new ServerPage(rows.stream().map(ServerView::of).toList(), next, previous,
                servers.countPage(workspace, query.enabled(), query.health()));
    }

    @Transactional
    public ServerView get(Caller caller, String workspaceSlug, String serverSlug) {
        return ServerView.of(find(workspaceService.find(caller, workspaceSlug), serverSlug));
    }

    @Transactional
    public ServerView create(Caller caller, String workspaceSlug, ServerRequest request) {
        Workspace workspace = lockedWorkspace(caller, workspaceSlug);
        FieldChecks.requireBody(request);
        ServerSpec spec = ServerSpec.validate(request, outbound);
        if (servers.findBySlug(workspace, spec.slug()).isPresent()) {
            throw ProblemException.conflict("Server '" + spec.slug() + "' already exists in workspace '" + workspaceSlug + "'.");
        }
        if (servers.countByWorkspace(workspace) >= maxServers) {
            throw ProblemException.conflict("Workspace '" + workspaceSlug + "' already has " + maxServers
                    + " servers, the most a workspace may have; remove one first.");
        }
        requirePrefixFree(workspace, spec);
        UpstreamServer server = new UpstreamServer();
        server.workspace = workspace;
        server.slug = spec.slug();
        server.createdAt = WorkspaceService.now();
        apply(server, spec);
        servers.persist(server);
        changed(workspace, server, "server.added", caller);
        return ServerView.of(server);
    }

    /** PUT: replaces every field; absent ones take their defaults, an absent credential is removed. */
    @Transactional
    public ServerView replace(Caller caller, String workspaceSlug, String serverSlug, ServerRequest request) {
        Workspace workspace = lockedWorkspace(caller, workspaceSlug);
        UpstreamServer server = find(workspace, serverSlug);
        FieldChecks.requireBody(request);
        return update(workspace, server, withSlug(request, serverSlug), caller, false);
    }

    /** PATCH: changes only the fields present; the credential stays unless a new one is given. */
    @Transactional
    public ServerView patch(Caller caller, String workspaceSlug, String serverSlug, ServerRequest request) {
        Workspace workspace = lockedWorkspace(caller, workspaceSlug);
        UpstreamServer server = find(workspace, serverSlug);
        FieldChecks.requireBody(request);
        requireSlugUnchanged(request, serverSlug);
        CredentialInput credential = request.credential() != null || server.credentialEncrypted == null
                ? request.credential()
                : new CredentialInput(server.credentialHeader, cipher.decrypt(server.credentialEncrypted));
        ServerRequest merged = new ServerRequest(serverSlug,
                Objects.requireNonNullElse(request.name(), server.name),
                Objects.requireNonNullElse(request.url(), server.url),
                Objects.requireNonNullElse(request.transport(), server.transport.wireName()),
                Objects.requireNonNullElse(request.prefix(), server.prefix),
                Objects.requireNonNullElse(request.timeoutMs(), server.timeoutMs),
                Objects.requireNonNullElse(request.enabled(), server.enabled),
                credential);
        // the stored secret was given for the old origin; it never follows the URL somewhere else (M6)
        boolean credentialMustBeResent = request.url() != null && request.credential() == null
                && server.credentialEncrypted != null && !sameOrigin(request.url(), server.url);
        return update(workspace, server, merged, caller, credentialMustBeResent);
    }

    @Transactional
    public void delete(Caller caller, String workspaceSlug, String serverSlug) {
        Workspace workspace = lockedWorkspace(caller, workspaceSlug);
        UpstreamServer server = find(workspace, serverSlug);
        servers.delete(server);
        changed(workspace, server, "server.removed", caller);
    }

    private ServerView update(Workspace workspace, UpstreamServer server, ServerRequest request, Caller caller,
                              boolean credentialMustBeResent) {
        ServerSpec spec = ServerSpec.validate(request, outbound);
        if (credentialMustBeResent) {
            throw ProblemException.invalid(List.of(new FieldError("credential",
                    "must be given again when url moves to another origin (scheme, host or port); "
                            + "to drop it instead, replace the server with PUT without a credential")));
        }
        requirePrefixFree(workspace, spec);
        if (!spec.url().equals(server.url) || spec.transport() != server.transport) {
            // the last check was of another endpoint
            server.healthStatus = "unknown";
            server.healthLatencyMs = null;
            server.healthToolCount = null;
            server.healthError = null;
            server.healthCheckedAt = null;
        }
        apply(server, spec);
        changed(workspace, server, "server.updated", caller);
        return ServerView.of(server);
    }

    private void apply(UpstreamServer server, ServerSpec spec) {
        server.name = spec.name();
        server.url = spec.url();
        server.transport = spec.transport();
        server.prefix = spec.prefix();
        server.timeoutMs = spec.timeoutMs();
        server.enabled = spec.enabled();
        server.credentialHeader = spec.credential() == null ? null : spec.credential().header();
        server.credentialEncrypted = spec.credential() == null ? null : cipher.encrypt(spec.credential().value());
        server.updatedAt = WorkspaceService.now();
    }

    private void changed(Workspace workspace, UpstreamServer server, String eventType, Caller caller) {
        workspace.routingVersion++;
        workspace.updatedAt = WorkspaceService.now();
        events.server(eventType, server, caller.subject());
    }

    /**
     * Prefixes are prefix-free (M5): no server's prefix may start another's, or a tool name could
     * belong to both and one server could shadow the other's tools. The empty prefix stays allowed
     * once per workspace: the gateway routes to it only names no other prefix claims.
     */
    private void requirePrefixFree(Workspace workspace, ServerSpec spec) {
        servers.firstPrefixClash(workspace, spec.slug(), spec.prefix()).ifPresent(other -> {
            if (other.prefix.equals(spec.prefix())) {
                throw ProblemException.conflict("Prefix '" + spec.prefix() + "' is already used by another server of workspace '"
                        + workspace.slug + "'.");
            }
            throw ProblemException.conflict("Prefix '" + spec.prefix() + "' overlaps prefix '" + other.prefix
                    + "' of server '" + other.slug + "': a tool name could belong to either. Choose a prefix that "
                    + "neither starts nor is started by another server's prefix.");
        });
    }

    /** True unless both URLs are valid and differ in scheme, host or port (an invalid URL is refused by validation). */
    private static boolean sameOrigin(String a, String b) {
        try {
            URI first = new URI(a);
            URI second = new URI(b);
            if (first.getScheme() == null || first.getHost() == null || second.getScheme() == null || second.getHost() == null) {
                return true;
            }
            return first.getScheme().equalsIgnoreCase(second.getScheme())
                    && first.getHost().equalsIgnoreCase(second.getHost())
                    && OutboundGuard.port(first) == OutboundGuard.port(second);
        } catch (URISyntaxException e) {
            return true;
        }
    }

    private static void requireSlugUnchanged(ServerRequest request, String serverSlug) {
        if (request.slug() != null && !request.slug().equals(serverSlug)) {
            throw ProblemException.invalid(List.of(new FieldError("slug", "cannot be changed; delete and re-add the server")));
        }
    }

    private static ServerRequest withSlug(ServerRequest request, String serverSlug) {
        requireSlugUnchanged(request, serverSlug);
        return new ServerRequest(serverSlug, request.name(), request.url(), request.transport(), request.prefix(),
                request.timeoutMs(), request.enabled(), request.credential());
    }

    private Workspace lockedWorkspace(Caller caller, String workspaceSlug) {
        caller.requireManage(workspaceSlug);
        return workspaces.findBySlugForUpdate(workspaceSlug).orElseThrow(() -> WorkspaceService.workspaceNotFound(workspaceSlug));
    }

    private UpstreamServer find(Workspace workspace, String serverSlug) {
        return servers.findBySlug(workspace, serverSlug).orElseThrow(() -> ProblemException.notFound(
                "Server '" + serverSlug + "' does not exist in workspace '" + workspace.slug + "'."));
    }
}
