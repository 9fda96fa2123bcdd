package dev.gatehouse.console.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.console.ConsoleConfig;
import dev.gatehouse.console.session.Session;
import dev.gatehouse.console.view.Paged;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.gatehouse.console.api.IdentityApi.segment;

/** registry-service's public API: workspaces, servers, their health and live tool lists. */
@ApplicationScoped
public class RegistryApi {

    private static final String SERVICE = "registry";

    private final ServiceCall call;
    private final ObjectMapper json;
    private final String base;

    public RegistryApi(ServiceCall call, ObjectMapper json, ConsoleConfig config) {
        this.call = call;
        this.json = json;
        this.base = config.registryUrl().replaceAll("/+$", "");
    }

    /** Slugs of the workspaces this sign-in may see (the operator: all). */
    public List<String> workspaces(Session session) {
        List<String> slugs = new ArrayList<>();
        call.send(SERVICE, "GET", URI.create(base + "/api/v1/workspaces"), session.jwt(), null)
                .forEach(workspace -> slugs.add(workspace.path("slug").asText()));
        return slugs;
    }

    /**
     * One page of the workspace's servers by slug, {@code limit} from {@code cursor} (null: the
     * first page); registry pages by keyset, 200 at most.
     */
    public Paged<ServerRow> servers(Session session, String workspace, String cursor, int limit) {
        return servers(session, workspace, cursor, limit, Map.of());
    }

    /** How many enabled servers of the workspace were down at their last check (one row asked for; the count comes with it). */
    public long enabledDown(Session session, String workspace) {
        return servers(session, workspace, null, 1, Map.of("enabled", "true", "health", "down")).total();
    }

    private Paged<ServerRow> servers(Session session, String workspace, String cursor, int limit, Map<String, String> filters) {
        Map<String, String> parameters = new LinkedHashMap<>(filters);
        parameters.put("limit", Integer.toString(limit));
        if (cursor != null && !cursor.isBlank()) {
            parameters.put("cursor", cursor);
        }
        ServiceCall.Answer answer = call.sendWithHeaders(SERVICE, "GET",
                servers(workspace, "?" + AuditQuery.encode(parameters)), session.jwt(), null);
        return PagedAnswer.of(answer, server -> json.convertValue(server, ServerRow.class));
    }

    public ServerRow server(Session session, String workspace, String slug) {
        return json.convertValue(call.send(SERVICE, "GET", servers(workspace, "/" + segment(slug)), session.jwt(), null),
                ServerRow.class);
    }

    public void add(Session session, String workspace, Map<String, Object> request) {
        call.send(SERVICE, "POST", servers(workspace, ""), session.jwt(), request);
    }

    /** Changes only the fields given (PATCH): a credential stays unless a new one is given. */
    public void change(Session session, String workspace, String slug, Map<String, Object> fields) {
        call.send(SERVICE, "PATCH", servers(workspace, "/" + segment(slug)), session.jwt(), fields);
    }

    public void remove(Session session, String workspace, String slug) {
        call.send(SERVICE, "DELETE", servers(workspace, "/" + segment(slug)), session.jwt(), null);
    }

    public void check(Session session, String workspace, String slug) {
        call.send(SERVICE, "POST", servers(workspace, "/" + segment(slug) + "/health-check"), session.jwt(), null);
    }

    public ToolList tools(Session session, String workspace, String slug) {
        return json.convertValue(call.send(SERVICE, "GET", servers(workspace, "/" + segment(slug) + "/tools"), session.jwt(), null),
                ToolList.class);
    }

    private URI servers(String workspace, String path) {
        return URI.create(base + "/api/v1/workspaces/" + segment(workspace) + "/servers" + path);
    }
}
