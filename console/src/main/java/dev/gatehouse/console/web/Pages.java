package dev.gatehouse.console.web;

import dev.gatehouse.console.api.AuditApi;
import dev.gatehouse.console.api.AuditEvent;
import dev.gatehouse.console.api.CreatedToken;
import dev.gatehouse.console.api.ServerRow;
import dev.gatehouse.console.api.TokenRow;
import dev.gatehouse.console.api.ToolList;
import dev.gatehouse.console.view.AuditFilter;
import dev.gatehouse.console.view.BlockPreview;
import dev.gatehouse.console.view.Catalog;
import dev.gatehouse.console.view.ClientConfigs;
import dev.gatehouse.console.view.MemberForm;
import dev.gatehouse.console.view.OverviewFigures;
import dev.gatehouse.console.view.Paged;
import dev.gatehouse.console.view.ServerForm;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

import java.time.Instant;
import java.util.List;

/** The console's pages (src/main/resources/templates/NAME.html), each around {@code layout.html}. */
@CheckedTemplate(requireTypeSafeExpressions = false)
final class Pages {

    private Pages() {
    }

    static native TemplateInstance signin(Frame frame);

    static native TemplateInstance problem(Frame frame);

    static native TemplateInstance workspaces(Frame frame, List<String> workspaces);

    static native TemplateInstance overview(Frame frame, String endpoint, Paged<ServerRow> servers, long members, long down,
                                            OverviewFigures.Figures figures);

    static native TemplateInstance servers(Frame frame, Paged<ServerRow> servers, ServerForm form);

    static native TemplateInstance server(Frame frame, ServerRow server, ServerForm form, ToolList tools);

    static native TemplateInstance members(Frame frame, Paged<TokenRow> tokens, MemberForm form);

    static native TemplateInstance created(Frame frame, CreatedToken created, String endpoint, ClientConfigs configs);

    static native TemplateInstance security(Frame frame, boolean enforcement, Paged<TokenRow> members,
                                            List<SecurityResource.MemberRules> rows);

    static native TemplateInstance allowlist(Frame frame, TokenRow token, Catalog.Page catalog, String other);

    static native TemplateInstance preview(Frame frame, boolean enforcement, Paged<TokenRow> members, BlockPreview.Result result);

    static native TemplateInstance audit(Frame frame, AuditFilter filter, List<AuditEvent> events, String next, String cursor,
                                         AuditEvent detail, List<String> types, List<String> statuses);

    static native TemplateInstance verify(Frame frame, AuditApi.Verification result, Instant at);
}
