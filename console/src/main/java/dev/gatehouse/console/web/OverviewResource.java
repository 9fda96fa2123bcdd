package dev.gatehouse.console.web;

import dev.gatehouse.console.ConsoleConfig;
import dev.gatehouse.console.api.IdentityApi;
import dev.gatehouse.console.api.RegistryApi;
import dev.gatehouse.console.api.ServerRow;
import dev.gatehouse.console.session.Session;
import dev.gatehouse.console.view.OverviewFigures;
import dev.gatehouse.console.view.Paged;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/** A workspace at a glance: its endpoint, servers and health, members, the last 24 hours of calls. */
@Path("/w/{workspace}")
@Blocking
public class OverviewResource {

    /** Servers the overview lists; the rest are on the Servers page, the count and the down ones cover all. */
    static final int SERVERS_SHOWN = 10;

    private final CurrentSession current;
    private final RegistryApi registry;
    private final IdentityApi identity;
    private final OverviewFigures figures;
    private final String gateway;

    public OverviewResource(CurrentSession current, RegistryApi registry, IdentityApi identity, OverviewFigures figures,
                            ConsoleConfig config) {
        this.current = current;
        this.registry = registry;
        this.identity = identity;
        this.figures = figures;
        this.gateway = config.gatewayPublicUrl().replaceAll("/+$", "");
    }

    @GET
    public TemplateInstance overview(@PathParam("workspace") String workspace) {
        Session session = current.requireFor(workspace);
        Paged<ServerRow> servers = registry.servers(session, workspace, null, SERVERS_SHOWN);
        long down = registry.enabledDown(session, workspace);
        long members = identity.activeMembers(session, workspace);
        return Pages.overview(current.frame(session, "Overview", "overview", workspace),
                gateway + "/api/gw/" + workspace, servers, members, down, figures.last24Hours(session, workspace));
    }
}
