package dev.gatehouse.identity.service;

import dev.gatehouse.identity.messaging.IdentityEvents;
import dev.gatehouse.identity.repository.WorkspaceSecurityEntity;
import dev.gatehouse.identity.repository.WorkspaceSecurityRepository;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.Map;

/** The per-workspace enforcement toggle (off by default). */
@ApplicationScoped
public class EnforcementService {

    private final WorkspaceSecurityRepository security;
    private final IdentityEvents events;

    public EnforcementService(WorkspaceSecurityRepository security, IdentityEvents events) {
        this.security = security;
        this.events = events;
    }

    @Transactional
    public boolean get(String workspace) {
        return security.enforcement(workspace);
    }

    /** Sets the toggle; an event is written only when the value actually changes. */
    @Transactional
    public boolean set(String workspace, boolean enforcement, String actor) {
        WorkspaceSecurityEntity row = security.findById(workspace);
        boolean current = row != null && row.enforcement;
        if (current == enforcement) {
            return enforcement;
        }
        if (row == null) {
            row = new WorkspaceSecurityEntity();
            row.workspace = workspace;
        }
        row.enforcement = enforcement;
        row.updatedAt = Instant.now();
        security.persist(row);
        events.revocation("enforcement.changed", workspace, actor, Map.of("enabled", enforcement));
        Log.infof("Enforcement in workspace %s is now %s", workspace, enforcement ? "on" : "off");
        return enforcement;
    }
}
