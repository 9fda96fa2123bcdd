package dev.gatehouse.registry.service;

import dev.gatehouse.registry.UpstreamServer;
import dev.gatehouse.registry.Workspace;
import dev.gatehouse.registry.dto.RoutingView;
import dev.gatehouse.registry.repository.ServerRepository;
import dev.gatehouse.registry.repository.WorkspaceRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.Optional;

/** Builds the gateway's routing view of a workspace (CONTRACTS.md, registry internal API). */
@ApplicationScoped
public class RoutingService {

    private final WorkspaceRepository workspaces;
    private final ServerRepository servers;
    private final CredentialCipher cipher;

    public RoutingService(WorkspaceRepository workspaces, ServerRepository servers, CredentialCipher cipher) {
        this.workspaces = workspaces;
        this.servers = servers;
        this.cipher = cipher;
    }

    /** The current version alone, to answer a revalidation without building the view. */
    @Transactional
    public Optional<String> version(String slug) {
        return workspaces.findBySlug(slug).map(w -> Long.toString(w.routingVersion));
    }

    /**
     * The view. The version is read before the servers: a change committing in between then pairs
     * new servers with the old version (the gateway refetches next time), never old servers with
     * the new version (which the gateway would keep).
     */
    @Transactional
    public RoutingView view(String slug) {
        Workspace workspace = workspaces.findBySlug(slug).orElseThrow(() -> WorkspaceService.workspaceNotFound(slug));
        String version = Long.toString(workspace.routingVersion);
        return new RoutingView(slug, version, servers.listEnabledByWorkspace(workspace).stream().map(this::route).toList());
    }

    private RoutingView.RoutedServer route(UpstreamServer server) {
        RoutingView.Credential credential = server.credentialEncrypted == null ? null
                : new RoutingView.Credential(server.credentialHeader, cipher.decrypt(server.credentialEncrypted));
        return new RoutingView.RoutedServer(server.slug, server.name, server.url, server.transport.wireName(),
                server.prefix, server.timeoutMs, credential);
    }
}
