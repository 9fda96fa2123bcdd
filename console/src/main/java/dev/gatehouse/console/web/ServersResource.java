package dev.gatehouse.console.web;

import dev.gatehouse.console.api.ApiException;
import dev.gatehouse.console.api.RegistryApi;
import dev.gatehouse.console.api.ServerRow;
import dev.gatehouse.console.api.ToolList;
import dev.gatehouse.console.session.Session;
import dev.gatehouse.console.view.Paged;
import dev.gatehouse.console.view.ServerForm;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;

import java.util.List;
import java.util.Map;

/** Servers: list with health, add, edit, enable/disable, check, remove, and each one's live tool list. */
@Path("/w/{workspace}/servers")
@Blocking
public class ServersResource {

    static final int PAGE_SIZE = 50;

    private final CurrentSession current;
    private final RegistryApi registry;

    public ServersResource(CurrentSession current, RegistryApi registry) {
        this.current = current;
        this.registry = registry;
    }

    @GET
    public Response list(@PathParam("workspace") String workspace, @QueryParam("cursor") String cursor,
                         @QueryParam("done") String done) {
        Session session = current.requireFor(workspace);
        return listPage(session, workspace, cursor, ServerForm.blank(), Notices.text(done), null, 200);
    }

    @POST
    public Response add(@PathParam("workspace") String workspace, @RestForm String csrf, @RestForm String slug,
                        @RestForm String name, @RestForm String url, @RestForm String transport, @RestForm String prefix,
                        @RestForm String timeoutSeconds, @RestForm String credentialHeader, @RestForm String credentialValue) {
        Session session = current.requireForm(workspace, csrf);
        ServerForm form = new ServerForm(trim(slug), name, trim(url), transport, trim(prefix), timeoutSeconds, trim(credentialHeader));
        List<String> problems = form.problems(true, credentialValue);
        if (!problems.isEmpty()) {
            return listPage(session, workspace, null, form, null, String.join(" ", problems), 400);
        }
        try {
            registry.add(session, workspace, form.request(true, credentialValue));
        } catch (ApiException e) {
            if (e.sessionEnded()) {
                throw e;
            }
            return listPage(session, workspace, null, form, null, e.plainMessage(), 400);
        }
        return done(workspace, form.slug(), "server-added");
    }

    @GET
    @Path("{server}")
    public Response detail(@PathParam("workspace") String workspace, @PathParam("server") String server,
                           @QueryParam("done") String done) {
        Session session = current.requireFor(workspace);
        ServerRow row = registry.server(session, workspace, server);
        return detailPage(session, workspace, row, ServerForm.of(row), Notices.text(done), null, 200);
    }

    @POST
    @Path("{server}")
    public Response edit(@PathParam("workspace") String workspace, @PathParam("server") String server,
                         @RestForm String csrf, @RestForm String name, @RestForm String url, @RestForm String transport,
                         @RestForm String prefix, @RestForm String timeoutSeconds, @RestForm String credentialHeader,
                         @RestForm String credentialValue) {
        Session session = current.requireForm(workspace, csrf);
        ServerRow row = registry.server(session, workspace, server);
        ServerForm form = new ServerForm(row.slug(), name, trim(url), transport, trim(prefix), timeoutSeconds, trim(credentialHeader));
        List<String> problems = form.problems(false, credentialValue);
        if (!problems.isEmpty()) {
            return detailPage(session, workspace, row, form, null, String.join(" ", problems), 400);
        }
        try {
            registry.change(session, workspace, server, form.request(false, credentialValue));
        } catch (ApiException e) {
            if (e.sessionEnded()) {
                throw e;
            }
            return detailPage(session, workspace, row, form, null, e.plainMessage(), 400);
        }
        return done(workspace, server, "server-saved");
    }

    @POST
    @Path("{server}/enable")
    public Response enable(@PathParam("workspace") String workspace, @PathParam("server") String server, @RestForm String csrf) {
        registry.change(current.requireForm(workspace, csrf), workspace, server, Map.of("enabled", true));
        return done(workspace, server, "server-enabled");
    }

    @POST
    @Path("{server}/disable")
    public Response disable(@PathParam("workspace") String workspace, @PathParam("server") String server, @RestForm String csrf) {
        registry.change(current.requireForm(workspace, csrf), workspace, server, Map.of("enabled", false));
        return done(workspace, server, "server-disabled");
    }

    @POST
    @Path("{server}/check")
    public Response check(@PathParam("workspace") String workspace, @PathParam("server") String server, @RestForm String csrf) {
        registry.check(current.requireForm(workspace, csrf), workspace, server);
        return done(workspace, server, "server-checked");
    }

    @POST
    @Path("{server}/remove")
    public Response remove(@PathParam("workspace") String workspace, @PathParam("server") String server,
                           @RestForm String csrf, @RestForm String confirm) {
        Session session = current.requireForm(workspace, csrf);
        if (!server.equals(confirm == null ? null : confirm.strip())) {
            ServerRow row = registry.server(session, workspace, server);
            return detailPage(session, workspace, row, ServerForm.of(row), null,
                    "To remove this server, type its slug (" + row.slug() + ") in the box next to the Remove button.", 400);
        }
        registry.remove(session, workspace, server);
        return Links.seeOther(workspace, "servers", "server-removed");
    }

    /** One page of servers (registry's keyset cursor in {@code cursor}; null: the first) and the form. */
    private Response listPage(Session session, String workspace, String cursor, ServerForm form, String notice, String error,
                              int status) {
        Paged<ServerRow> servers = registry.servers(session, workspace, cursor, PAGE_SIZE);
        Frame frame = current.frame(session, "Servers", "servers", workspace).notice(notice).error(error);
        return Response.status(status).entity(Pages.servers(frame, servers, form)).build();
    }

    private Response detailPage(Session session, String workspace, ServerRow row, ServerForm form, String notice, String error,
                                int status) {
        // the live list is a fresh health check: read the server after it, so both agree
        ToolList tools = registry.tools(session, workspace, row.slug());
        ServerRow checked = registry.server(session, workspace, row.slug());
        Frame frame = current.frame(session, "Server " + row.slug(), "servers", workspace).notice(notice).error(error);
        return Response.status(status).entity(Pages.server(frame, checked, form, tools)).build();
    }

    private static Response done(String workspace, String server, String notice) {
        return Links.seeOther(workspace, "servers/" + Links.segment(server), notice);
    }

    private static String trim(String value) {
        return value == null ? null : value.strip();
    }
}
