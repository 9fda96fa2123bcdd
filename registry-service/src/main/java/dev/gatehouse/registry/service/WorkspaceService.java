package dev.gatehouse.registry.service;

import dev.gatehouse.registry.Workspace;
import dev.gatehouse.registry.client.IdentityApi.AdminToken;
import dev.gatehouse.registry.client.IdentityClient;
import dev.gatehouse.registry.dto.WorkspaceCreateRequest;
import dev.gatehouse.registry.dto.WorkspaceCreated;
import dev.gatehouse.registry.dto.WorkspaceUpdateRequest;
import dev.gatehouse.registry.dto.WorkspaceView;
import dev.gatehouse.registry.messaging.ActivityEvents;
import dev.gatehouse.registry.repository.ServerRepository;
import dev.gatehouse.registry.repository.WorkspaceRepository;
import dev.gatehouse.shared.db.DatabaseUnavailable;
import dev.gatehouse.shared.problem.ProblemException;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** Creates, reads, renames and deletes workspaces, with their activity events and admin tokens. */
@ApplicationScoped
public class WorkspaceService {

    private final WorkspaceRepository workspaces;
    private final ServerRepository servers;
    private final IdentityClient identity;
    private final ActivityEvents events;

    public WorkspaceService(WorkspaceRepository workspaces, ServerRepository servers, IdentityClient identity,
                            ActivityEvents events) {
        this.workspaces = workspaces;
        this.servers = servers;
        this.identity = identity;
        this.events = events;
    }

    static ProblemException workspaceNotFound(String slug) {
        return ProblemException.notFound("Workspace '" + slug + "' does not exist.");
    }

    /**
     * Creates a workspace and its admin token in one transaction: when identity-service cannot
     * issue the token, nothing is stored (503). When the commit fails after the token was issued,
     * the token is revoked again so no token outlives a workspace that never existed.
     */
    public WorkspaceCreated create(Caller caller, WorkspaceCreateRequest request) {
        caller.requireOperator();
        FieldChecks.requireBody(request);
        FieldChecks checks = new FieldChecks();
        checks.slug("slug", request.slug());
        String name = request.name() == null ? request.slug() : checks.name("name", request.name());
        checks.throwIfInvalid();

        AtomicReference<AdminToken> issued = new AtomicReference<>();
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                Workspace workspace = insert(request.slug(), name);
                events.workspace("workspace.created", workspace, caller.subject());
                issued.set(identity.createAdminToken(workspace.slug));
                return new WorkspaceCreated(workspace.slug, workspace.name, workspace.createdAt, workspace.updatedAt,
                        issued.get().id(), issued.get().token());
            });
        } catch (RuntimeException e) {
            if (issued.get() != null) {
                compensate(request.slug());
            }
            throw e;
        }
    }

    private Workspace insert(String slug, String name) {
        if (workspaces.findBySlug(slug).isPresent()) {
            throw duplicate(slug);
        }
        // The slug is claimed for good before anything else: a deleted workspace's slug is never
        // handed to a new tenant (M7), and of two concurrent creations only one gets it.
        if (!workspaces.claimSlug(slug, now())) {
            throw workspaces.findBySlug(slug).isPresent() ? duplicate(slug) : retired(slug);
        }
        Workspace workspace = new Workspace();
        workspace.slug = slug;
        workspace.name = name;
        workspace.createdAt = now();
        workspace.updatedAt = workspace.createdAt;
        try {
            // flush now: a concurrent duplicate must fail before identity issues a token
            workspaces.persistAndFlush(workspace);
        } catch (PersistenceException e) {
            if (DatabaseUnavailable.isCauseOf(e)) {
                throw e; // not a duplicate: PostgreSQL went away (answered 503)
            }
            throw duplicate(slug);
        }
        return workspace;
    }

    private void compensate(String slug) {
        try {
            identity.revokeAllTokens(slug);
        } catch (ProblemException e) {
            Log.errorf("Workspace %s was not created but its admin token could not be revoked; revoke it in identity-service", slug);
        }
    }

    private static ProblemException duplicate(String slug) {
        return ProblemException.conflict("Workspace '" + slug + "' already exists.");
    }

    private static ProblemException retired(String slug) {
        return ProblemException.conflict("Workspace slug '" + slug + "' belonged to a deleted workspace and is never"
                + " reused (its audit trail and tokens stay that workspace's); choose another slug.");
    }

    /** The workspaces the caller may see: all for the operator, its own for a workspace admin. */
    @Transactional
    public List<WorkspaceView> list(Caller caller) {
        if (caller.isOperator()) {
            return workspaces.listOrdered().stream().map(WorkspaceView::of).toList();
        }
        if (caller.workspace() == null) {
            throw ProblemException.forbidden("This token is not bound to a workspace.");
        }
        caller.requireManage(caller.workspace());
        return workspaces.findBySlug(caller.workspace()).map(WorkspaceView::of).stream().toList();
    }

    @Transactional
    public WorkspaceView get(Caller caller, String slug) {
        return WorkspaceView.of(find(caller, slug));
    }

    @Transactional
    public WorkspaceView rename(Caller caller, String slug, WorkspaceUpdateRequest request) {
        Workspace workspace = find(caller, slug);
        FieldChecks.requireBody(request);
        FieldChecks checks = new FieldChecks();
        String name = checks.name("name", request.name());
        checks.throwIfInvalid();
        if (!name.equals(workspace.name)) {
            workspace.name = name;
            workspace.updatedAt = now();
            events.workspace("workspace.updated", workspace, caller.subject());
        }
        return WorkspaceView.of(workspace);
    }

    /**
     * Deletes a workspace with its servers and revokes all its tokens at identity-service inside
     * the transaction: when identity cannot be reached, the workspace stays (503), so no workspace
     * disappears while its tokens still work. Its slug stays taken (never reused).
     */
    @Transactional
    public void delete(Caller caller, String slug) {
        Workspace workspace = find(caller, slug);
        servers.deleteByWorkspace(workspace);
        workspaces.delete(workspace);
        workspaces.retireSlug(slug, now());
        workspaces.flush();
        events.workspace("workspace.deleted", workspace, caller.subject());
        identity.revokeAllTokens(slug);
    }

    /** The workspace, if the caller may manage it; otherwise 404 (foreign or unknown) or 403. */
    Workspace find(Caller caller, String slug) {
        caller.requireManage(slug);
        return workspaces.findBySlug(slug).orElseThrow(() -> workspaceNotFound(slug));
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
