package dev.gatehouse.console.web;

import dev.gatehouse.console.api.ApiException;
import dev.gatehouse.console.api.IdentityApi;
import dev.gatehouse.console.api.TokenRow;
import dev.gatehouse.console.session.Session;
import dev.gatehouse.console.view.BlockPreview;
import dev.gatehouse.console.view.Catalog;
import dev.gatehouse.console.view.Paged;
import dev.gatehouse.console.view.RulesForm;
import io.quarkus.qute.TemplateData;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The Security tab: the enforcement toggle, each member's allowlist (edited by picking from the
 * live catalog), and before enforcement goes on, the replay of the last 7 days under the rules.
 */
@Path("/w/{workspace}/security")
@Blocking
public class SecurityResource {

    /** A member on the Security tab: its token and its rules now. */
    @TemplateData
    public record MemberRules(TokenRow token, List<String> rules) {
    }

    private final CurrentSession current;
    private final IdentityApi identity;
    private final Catalog catalog;
    private final BlockPreview preview;

    public SecurityResource(CurrentSession current, IdentityApi identity, Catalog catalog, BlockPreview preview) {
        this.current = current;
        this.identity = identity;
        this.catalog = catalog;
        this.preview = preview;
    }

    @GET
    public Response overview(@PathParam("workspace") String workspace, @QueryParam("cursor") String cursor,
                             @QueryParam("done") String done) {
        return overviewPage(current.requireFor(workspace), workspace, cursor, Notices.text(done), null, 200);
    }

    @GET
    @Path("members/{token}")
    public Response editor(@PathParam("workspace") String workspace, @PathParam("token") String token,
                           @QueryParam("servers") String servers) {
        Session session = current.requireFor(workspace);
        return editorPage(session, workspace, token, servers, new LinkedHashSet<>(identity.allowlist(session, workspace, token)),
                null, 200);
    }

    @POST
    @Path("members/{token}")
    public Response save(@PathParam("workspace") String workspace, @PathParam("token") String token, @RestForm String csrf,
                         @RestForm("rule") List<String> ticked, @RestForm String other, @RestForm String servers) {
        Session session = current.requireForm(workspace, csrf);
        RulesForm form = new RulesForm(ticked, other);
        List<String> problems = form.problems();
        if (!problems.isEmpty()) {
            return editorPage(session, workspace, token, servers, form.rules(), "Nothing was saved. " + String.join(" ", problems), 400);
        }
        try {
            identity.saveAllowlist(session, workspace, token, List.copyOf(form.rules()));
        } catch (ApiException e) {
            if (e.sessionEnded()) {
                throw e;
            }
            return editorPage(session, workspace, token, servers, form.rules(), "Nothing was saved. " + e.plainMessage(), 400);
        }
        return Links.seeOther(workspace, "security", "rules-saved");
    }

    @GET
    @Path("preview")
    public Response preview(@PathParam("workspace") String workspace, @QueryParam("cursor") String cursor) {
        Session session = current.requireFor(workspace);
        Paged<TokenRow> members = activeMembers(session, workspace, cursor);
        List<BlockPreview.Member> replayed = members.items().stream()
                .map(member -> new BlockPreview.Member(member.memberId(), member.who(), rules(member)))
                .toList();
        Frame frame = current.frame(session, "Enforcement preview", "security", workspace);
        return Response.ok(Pages.preview(frame, identity.enforcement(session, workspace), members,
                preview.run(session, workspace, replayed))).build();
    }

    @POST
    @Path("enforcement")
    public Response enforcement(@PathParam("workspace") String workspace, @RestForm String csrf, @RestForm String enabled,
                                @RestForm String previewed) {
        Session session = current.requireForm(workspace, csrf);
        boolean on = "on".equals(enabled);
        if (!on && !"off".equals(enabled)) {
            return overviewPage(session, workspace, null, null,
                    "Nothing was changed: enforcement is either turned on (through the preview) or off.", 400);
        }
        if (on && !"yes".equals(previewed)) {
            // turning it on goes through the preview, so nobody is locked out by surprise
            return Links.seeOther(workspace, "security/preview", null);
        }
        identity.setEnforcement(session, workspace, on);
        return Links.seeOther(workspace, "security", on ? "enforcement-on" : "enforcement-off");
    }

    private Response overviewPage(Session session, String workspace, String cursor, String notice, String error, int status) {
        Paged<TokenRow> members = activeMembers(session, workspace, cursor);
        List<MemberRules> rows = members.items().stream().map(token -> new MemberRules(token, rules(token))).toList();
        Frame frame = current.frame(session, "Security", "security", workspace).notice(notice).error(error);
        return Response.status(status).entity(Pages.security(frame, identity.enforcement(session, workspace), members, rows)).build();
    }

    /**
     * The editor with the page of servers at {@code servers} (registry's cursor; null: the first).
     * Every rule that page does not offer to tick, those of servers on other pages included, is in
     * the box of other rules, so saving keeps it as it is.
     */
    private Response editorPage(Session session, String workspace, String tokenId, String servers, Set<String> rules,
                                String error, int status) {
        TokenRow token = identity.token(session, workspace, tokenId);
        if (!token.member() || !token.active()) {
            throw new ApiException("identity", 404, "There is no active member token with this id in workspace " + workspace + ".",
                    List.of());
        }
        Catalog.Page page = catalog.live(session, workspace, servers, rules);
        Set<String> other = new LinkedHashSet<>(rules);
        page.servers().forEach(server -> server.choices().forEach(choice -> other.remove(choice.rule())));
        Frame frame = current.frame(session, "Allowlist of " + token.who(), "security", workspace).error(error);
        return Response.status(status).entity(Pages.allowlist(frame, token, page, String.join("\n", other))).build();
    }

    /** A page of the members with an active token, their rules in the same answer (one call to identity). */
    private Paged<TokenRow> activeMembers(Session session, String workspace, String cursor) {
        return identity.tokens(session, workspace, IdentityApi.TokenQuery.activeMembers(cursor, MembersResource.PAGE_SIZE));
    }

    private static List<String> rules(TokenRow member) {
        return member.rules() == null ? List.of() : member.rules();
    }
}
