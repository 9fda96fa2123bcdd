package dev.gatehouse.console.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.console.ConsoleConfig;
import dev.gatehouse.console.session.Session;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.util.ArrayList;
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

    public List<ServerRow> servers(Session session, String workspace) {
        List<ServerRow> rows = new ArrayList<>();
        for (JsonNode server : call.send(SERVICE, "GET", servers(workspace, ""), session.jwt(), null)) {
            rows.add(json.convertValue(server, ServerRow.class));
        }
        return rows;
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
