package dev.gatehouse.registry.repository;

import dev.gatehouse.registry.UpstreamServer;
import dev.gatehouse.registry.Workspace;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

/** Upstream servers of workspaces. */
@ApplicationScoped
public class ServerRepository implements PanacheRepository<UpstreamServer> {

    public List<UpstreamServer> listByWorkspace(Workspace workspace) {
        return list("workspace = ?1 order by slug", workspace);
    }

    public List<UpstreamServer> listEnabledByWorkspace(Workspace workspace) {
        return list("workspace = ?1 and enabled = true order by slug", workspace);
    }

    public Optional<UpstreamServer> findBySlug(Workspace workspace, String slug) {
        return find("workspace = ?1 and slug = ?2", workspace, slug).firstResultOptional();
    }

    /** The other servers of the workspace (every server but {@code exceptSlug}), for the prefix rule. */
    public List<UpstreamServer> listOthers(Workspace workspace, String exceptSlug) {
        return list("workspace = ?1 and slug <> ?2 order by slug", workspace, exceptSlug);
    }

    public long countByWorkspace(Workspace workspace) {
        return count("workspace", workspace);
    }

    /** Every enabled server of every workspace, with its workspace loaded (for the health schedule). */
    public List<UpstreamServer> listAllEnabled() {
        return list("select s from UpstreamServer s join fetch s.workspace where s.enabled = true order by s.id");
    }

    public long deleteByWorkspace(Workspace workspace) {
        return delete("workspace", workspace);
    }
}
