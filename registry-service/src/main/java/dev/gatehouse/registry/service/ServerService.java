package dev.gatehouse.registry.service;

import dev.gatehouse.registry.UpstreamServer;
import dev.gatehouse.registry.Workspace;
import dev.gatehouse.registry.messaging.ActivityEvents;
import dev.gatehouse.registry.repository.ServerRepository;
import dev.gatehouse.registry.repository.WorkspaceRepository;
import dev.gatehouse.registry.rest.dto.ServerRequest;
import dev.gatehouse.registry.rest.dto.ServerRequest.CredentialInput;
import dev.gatehouse.registry.rest.dto.ServerView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

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
    private final AddressPolicy addresses;
    private final CredentialCipher cipher;
    private final ActivityEvents events;

    public ServerService(WorkspaceService workspaceService, WorkspaceRepository workspaces, ServerRepository servers,
                         AddressPolicy addresses, CredentialCipher cipher, ActivityEvents events) {
        this.workspaceService = workspaceService;
        this.workspaces = workspaces;
        this.servers = servers;
        this.addresses = addresses;
        this.cipher = cipher;
        this.events = events;
    }

    @Transactional
    public List<ServerView> list(Caller caller, String workspaceSlug) {
        Workspace workspace = workspaceService.find(caller, workspaceSlug);
        return servers.listByWorkspace(workspace).stream().map(ServerView::of).toList();
    }

    @Transactional
    public ServerView get(Caller caller, String workspaceSlug, String serverSlug) {
        return ServerView.of(find(workspaceService.find(caller, workspaceSlug), serverSlug));
    }

    @Transactional
    public ServerView create(Caller caller, String workspaceSlug, ServerRequest request) {
        Workspace workspace = lockedWorkspace(caller, workspaceSlug);
        FieldChecks.requireBody(request);
        ServerSpec spec = ServerSpec.validate(request, addresses);
        if (servers.findBySlug(workspace, spec.slug()).isPresent()) {
            throw ProblemException.conflict("Server '" + spec.slug() + "' already exists in workspace '" + workspaceSlug + "'.");
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
        return update(workspace, server, withSlug(request, serverSlug), caller);
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
        return update(workspace, server, merged, caller);
    }

    @Transactional
    public void delete(Caller caller, String workspaceSlug, String serverSlug) {
        Workspace workspace = lockedWorkspace(caller, workspaceSlug);
        UpstreamServer server = find(workspace, serverSlug);
        servers.delete(server);
        changed(workspace, server, "server.removed", caller);
    }

    private ServerView update(Workspace workspace, UpstreamServer server, ServerRequest request, Caller caller) {
        ServerSpec spec = ServerSpec.validate(request, addresses);
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

    private void requirePrefixFree(Workspace workspace, ServerSpec spec) {
        if (servers.prefixTaken(workspace, spec.prefix(), spec.slug())) {
            throw ProblemException.conflict("Prefix '" + spec.prefix() + "' is already used by another server of workspace '"
                    + workspace.slug + "'.");
        }
    }

    private static void requireSlugUnchanged(ServerRequest request, String serverSlug) {
        if (request.slug() != null && !request.slug().equals(serverSlug)) {
            throw ProblemException.invalid(List.of(new ProblemException.FieldError("slug", "cannot be changed; delete and re-add the server")));
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
