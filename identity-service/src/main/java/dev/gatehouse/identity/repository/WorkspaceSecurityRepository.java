package dev.gatehouse.identity.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/** Per-workspace enforcement toggles. */
@ApplicationScoped
public class WorkspaceSecurityRepository implements PanacheRepositoryBase<WorkspaceSecurityEntity, String> {

    /** Enforcement is off unless switched on. */
    public boolean enforcement(String workspace) {
        WorkspaceSecurityEntity row = findById(workspace);
        return row != null && row.enforcement;
    }
}
