package dev.gatehouse.console.view;

import dev.gatehouse.console.api.ApiException;
import dev.gatehouse.console.api.Parallel;
import dev.gatehouse.console.api.RegistryApi;
import dev.gatehouse.console.api.ServerRow;
import dev.gatehouse.console.api.ToolList;
import dev.gatehouse.console.session.Session;
import io.quarkus.qute.TemplateData;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The live catalog the allowlist editor picks from: every server of the workspace with the tools
 * it lists right now (registry asks each server at once, in parallel), each as a {@code server:tool}
 * rule that is checked when the member's rules hold it.
 */
@ApplicationScoped
public class Catalog {

    /** One server's part of the catalog; {@code error} says why it lists nothing. */
    @TemplateData
    public record Server(String slug, String name, boolean enabled, String error, Choice all, List<Choice> tools) {
    }

    /** A rule to tick: {@code server:tool} or {@code server:*}. */
    @TemplateData
    public record Choice(String rule, String label, boolean checked) {
    }

    private final RegistryApi registry;

    public Catalog(RegistryApi registry) {
        this.registry = registry;
    }

    public List<Server> live(Session session, String workspace, Set<String> rules) {
        List<ServerRow> servers = registry.servers(session, workspace);
        List<ToolList> lists = Parallel.map(servers, server -> list(session, workspace, server));
        List<Server> catalog = new ArrayList<>();
        for (int i = 0; i < servers.size(); i++) {
            ServerRow server = servers.get(i);
            ToolList tools = lists.get(i);
            List<Choice> choices = tools.tools().stream()
                    .map(tool -> choice(server.slug() + ":" + tool, tool, rules))
                    .toList();
            catalog.add(new Server(server.slug(), server.name(), server.enabled(), tools.up() ? null : tools.error(),
                    choice(server.slug() + ":*", "every tool of " + server.slug() + ", also those added later", rules),
                    choices));
        }
        return catalog;
    }

    private ToolList list(Session session, String workspace, ServerRow server) {
        try {
            return registry.tools(session, workspace, server.slug());
        } catch (ApiException e) {
            if (e.sessionEnded()) {
                throw e;
            }
            return new ToolList(server.slug(), "down", e.plainMessage(), List.of());
        }
    }

    private static Choice choice(String rule, String label, Set<String> rules) {
        return new Choice(rule, label, rules.contains(rule));
    }
}
