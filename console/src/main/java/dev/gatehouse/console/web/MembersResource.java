package dev.gatehouse.console.web;

import dev.gatehouse.console.ConsoleConfig;
import dev.gatehouse.console.api.ApiException;
import dev.gatehouse.console.api.CreatedToken;
import dev.gatehouse.console.api.IdentityApi;
import dev.gatehouse.console.api.TokenRow;
import dev.gatehouse.console.session.Session;
import dev.gatehouse.console.view.ClientConfigs;
import dev.gatehouse.console.view.MemberForm;
import dev.gatehouse.console.view.Paged;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;

import java.util.List;

/**
 * Members and tokens: the list (paged, with last use), a new member or auditor token, revocation.
 * A new token is shown once, on the answer to the form itself (not after a redirect: a token must
 * never be in a URL or kept anywhere to be shown later); the answer is never cached.
 */
@Path("/w/{workspace}/members")
@Blocking
public class MembersResource {

    static final int PAGE_SIZE = 50;

    private final CurrentSession current;
    private final IdentityApi identity;
    private final String gateway;

    public MembersResource(CurrentSession current, IdentityApi identity, ConsoleConfig config) {
        this.current = current;
        this.identity = identity;
        this.gateway = config.gatewayPublicUrl().replaceAll("/+$", "");
    }

    @GET
    public Response list(@PathParam("workspace") String workspace, @QueryParam("cursor") String cursor,
                         @QueryParam("done") String done) {
        Session session = current.requireFor(workspace);
        return listPage(session, workspace, cursor, MemberForm.blank(), Notices.text(done), null, 200);
    }

    @POST
    public Response create(@PathParam("workspace") String workspace, @RestForm String csrf, @RestForm String kind,
                           @RestForm String memberId, @RestForm String displayName, @RestForm String email) {
        Session session = current.requireForm(workspace, csrf);
        MemberForm form = new MemberForm(kind, strip(memberId), displayName, strip(email));
        List<String> problems = form.problems();
        if (!problems.isEmpty()) {
            return listPage(session, workspace, null, form, null, String.join(" ", problems), 400);
        }
        CreatedToken created;
        try {
            created = identity.create(session, workspace, form.kind(), form.memberIdOrNull(), form.displayNameOrNull(),
                    form.emailOrNull());
        } catch (ApiException e) {
            if (e.sessionEnded()) {
                throw e;
            }
            return listPage(session, workspace, null, form, null, e.plainMessage(), e.status() == 409 ? 409 : 400);
        }
        String endpoint = gateway + "/api/gw/" + workspace;
        Frame frame = current.frame(session, "New token", "members", workspace);
        return Response.ok(Pages.created(frame, created, endpoint, ClientConfigs.of(endpoint, created.token(), "gatehouse-" + workspace)))
                .header("Cache-Control", "no-store")
                .build();
    }

    @POST
    @Path("{token}/revoke")
    public Response revoke(@PathParam("workspace") String workspace, @PathParam("token") String token, @RestForm String csrf) {
        identity.revoke(current.requireForm(workspace, csrf), workspace, token);
        return Links.seeOther(workspace, "members", "token-revoked");
    }

    private Response listPage(Session session, String workspace, String cursor, MemberForm form, String notice, String error,
                              int status) {
        Paged<TokenRow> tokens = identity.tokens(session, workspace, IdentityApi.TokenQuery.all(cursor, PAGE_SIZE));
        Frame frame = current.frame(session, "Members & tokens", "members", workspace).notice(notice).error(error);
        return Response.status(status).entity(Pages.members(frame, tokens, form)).build();
    }

    private static String strip(String value) {
        return value == null ? null : value.strip();
    }
}
