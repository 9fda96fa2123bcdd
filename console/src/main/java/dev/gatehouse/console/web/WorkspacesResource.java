package dev.gatehouse.console.web;

import dev.gatehouse.console.api.RegistryApi;
import dev.gatehouse.console.session.Session;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** The platform operator's start page: every workspace. A workspace admin goes straight to its own. */
@Path("/workspaces")
@Blocking
public class WorkspacesResource {

    private final CurrentSession current;
    private final RegistryApi registry;

    public WorkspacesResource(CurrentSession current, RegistryApi registry) {
        this.current = current;
        this.registry = registry;
    }

    @GET
    public TemplateInstance list() {
        Session session = current.require();
        return Pages.workspaces(current.frame(session, "Workspaces", "workspaces", null), registry.workspaces(session));
    }
}
