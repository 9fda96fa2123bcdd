package dev.gatehouse.registry.repository;

import dev.gatehouse.registry.Workspace;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Workspaces by slug, and every slug ever used (never reused). */
@ApplicationScoped
public class WorkspaceRepository implements PanacheRepository<Workspace> {

    public Optional<Workspace> findBySlug(String slug) {
        return find("slug", slug).firstResultOptional();
    }

    /**
     * The workspace, row-locked until the transaction ends: changes to its servers run one at a
     * time, so uniqueness checks and routing version bumps never race.
     */
    public Optional<Workspace> findBySlugForUpdate(String slug) {
        return find("slug", slug).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    public List<Workspace> listOrdered() {
        return list("order by slug");
    }

    /**
     * Records {@code slug} as taken for good (table {@code workspace_slug}); false when it already
     * is: by a workspace that exists, one being created concurrently, or one that was deleted.
     */
    public boolean claimSlug(String slug, Instant at) {
        return getEntityManager().createNativeQuery(
                        "insert into registry.workspace_slug (slug, created_at) values (?1, ?2) on conflict (slug) do nothing")
                .setParameter(1, slug).setParameter(2, at).executeUpdate() == 1;
    }

    /** Marks {@code slug}'s workspace as deleted; the slug stays taken. */
    public void retireSlug(String slug, Instant at) {
        getEntityManager().createNativeQuery("update registry.workspace_slug set deleted_at = ?2 where slug = ?1")
                .setParameter(1, slug).setParameter(2, at).executeUpdate();
    }
}
