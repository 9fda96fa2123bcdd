package dev.gatehouse.registry.repository;

import dev.gatehouse.registry.Workspace;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.util.List;
import java.util.Optional;

/** Workspaces by slug. */
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
}
