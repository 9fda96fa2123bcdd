package dev.gatehouse.registry.repository;

import dev.gatehouse.registry.UpstreamServer;
import dev.gatehouse.registry.Workspace;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

/** Upstream servers of workspaces. */
@ApplicationScoped
public class ServerRepository implements PanacheRepository<UpstreamServer> {

    /**
     * At most {@code limit} servers of the workspace by slug, after {@code keySlug} ({@code after})
     * or before it, nearest first (null: from the start); one range read of the
     * {@code (workspace_id, slug)} unique index either way.
     */
    public List<UpstreamServer> page(Workspace workspace, Boolean enabled, String health, String keySlug, boolean after,
                                     int limit) {
        StringBuilder query = new StringBuilder("workspace = :workspace");
        Parameters parameters = filters(query, workspace, enabled, health);
        if (keySlug != null) {
            query.append(after ? " and slug > :keySlug" : " and slug < :keySlug");
            parameters.and("keySlug", keySlug);
        }
        query.append(after ? " order by slug asc" : " order by slug desc");
        return find(query.toString(), parameters).page(0, limit).list();
    }

    /** How many servers of the workspace match the filters of {@link #page}. */
    public long countPage(Workspace workspace, Boolean enabled, String health) {
        StringBuilder query = new StringBuilder("workspace = :workspace");
        Parameters parameters = filters(query, workspace, enabled, health);
        return count(query.toString(), parameters);
    }

    private static Parameters filters(StringBuilder query, Workspace workspace, Boolean enabled, String health) {
        Parameters parameters = Parameters.with("workspace", workspace);
        if (enabled != null) {
            query.append(" and enabled = :enabled");
            parameters.and("enabled", enabled);
        }
        if (health != null) {
            query.append(" and healthStatus = :health");
            parameters.and("health", health);
        }
        return parameters;
    }

    public List<UpstreamServer> listEnabledByWorkspace(Workspace workspace) {
        return list("workspace = ?1 and enabled = true order by slug", workspace);
    }

    public Optional<UpstreamServer> findBySlug(Workspace workspace, String slug) {
        return find("workspace = ?1 and slug = ?2", workspace, slug).firstResultOptional();
    }

    /**
     * The first other server of the workspace (by slug, every server but {@code exceptSlug}) whose
     * prefix equals {@code prefix}, or, both being non-empty, starts it or is started by it: the
     * prefix rule, decided by the database so a workspace of thousands of servers is not loaded for
     * every change.
     */
    public Optional<UpstreamServer> firstPrefixClash(Workspace workspace, String exceptSlug, String prefix) {
        return find("workspace = :workspace and slug <> :slug and (prefix = :prefix or (prefix <> '' and :prefix <> ''"
                        + " and (left(prefix, length(:prefix)) = :prefix or left(:prefix, length(prefix)) = prefix)))"
                        + " order by slug",
                Parameters.with("workspace", workspace).and("slug", exceptSlug).and("prefix", prefix))
                .firstResultOptional();
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
