package dev.gatehouse.console.view;

import dev.gatehouse.console.api.ApiException;
import dev.gatehouse.console.api.Parallel;
import dev.gatehouse.console.api.RegistryApi;
import dev.gatehouse.console.api.ServerRow;
import dev.gatehouse.console.api.ToolList;
import dev.gatehouse.console.session.Session;
import dev.gatehouse.shared.access.AllowlistRule;
import io.quarkus.qute.TemplateData;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The live catalog the allowlist editor picks from: a page of the workspace's servers (at most
 * {@value #SERVERS_PER_PAGE}, so a workspace of thousands of servers costs one page of live
 * listings, not thousands) with the tools, prompts and resources each lists right now (registry
 * asks each server of the page at once, in parallel), each
 * as a rule ({@code server:tool}, {@code server:prompt:name}, {@code server:resource:URI}) that is
 * checked when the member's rules hold it, plus the rules for all of a kind ({@code server:*},
 * {@code server:prompt:*}, {@code server:resource:*}).
 */
@ApplicationScoped
public class Catalog {

    /** Resources a server may list before the editor stops offering them one by one (a prefix rule is easier then). */
    public static final int MAX_LISTED_RESOURCES = 100;
    /** Servers listed live on one page of the editor. */
    public static final int SERVERS_PER_PAGE = 20;

    /**
     * One page of the catalog: its servers, registry's cursors of the pages on either side (null at
     * the ends) and how many servers the workspace has.
     */
    @TemplateData
    public record Page(List<Server> servers, String next, String previous, long total, String cursor) {

        public boolean hasPrevious() {
            return previous != null;
        }

        public boolean hasNext() {
            return next != null;
        }
    }

    /**
     * One server's part of the catalog; {@code error} says why it lists nothing. {@code allPrompts}
     * and {@code allResources} are null when the server lists no prompts or no resources.
     * {@code unlistedResources}: how many resources it lists when they are more than
     * {@link #MAX_LISTED_RESOURCES} ({@code resources} is empty then, 0 otherwise), with
     * {@code resourcePrefix}, the start all its URIs share (may be empty), to suggest a prefix rule.
     */
    @TemplateData
    public record Server(String slug, String name, boolean enabled, String error, Choice all, List<Choice> tools,
                         Choice allPrompts, List<Choice> prompts, Choice allResources, List<Choice> resources,
                         int unlistedResources, String resourcePrefix, List<Choice> templates) {

        /** Every rule this server's part offers to tick; a member's other rules go to the editor's box. */
        public Stream<Choice> choices() {
            return Stream.of(Stream.of(all, allPrompts, allResources).filter(Objects::nonNull),
                    tools.stream(), prompts.stream(), resources.stream(), templates.stream()).flatMap(choices -> choices);
        }
    }

    /** A rule to tick: {@code server:tool}, {@code server:*}, {@code server:prompt:…} or {@code server:resource:…}. */
    @TemplateData
    public record Choice(String rule, String label, boolean checked) {
    }

    private final RegistryApi registry;

    public Catalog(RegistryApi registry) {
        this.registry = registry;
    }

    /** The page of servers at {@code cursor} (registry's; null: the first), each listed live, ticked where {@code rules} hold a choice. */
    public Page live(Session session, String workspace, String cursor, Set<String> rules) {
        Paged<ServerRow> servers = registry.servers(session, workspace, cursor, SERVERS_PER_PAGE);
        List<ToolList> lists = Parallel.map(servers.items(), server -> list(session, workspace, server));
        List<Server> catalog = new ArrayList<>();
        for (int i = 0; i < servers.items().size(); i++) {
            catalog.add(server(servers.items().get(i), lists.get(i), rules));
        }
        return new Page(catalog, servers.next(), servers.previous(), servers.total(), cursor);
    }

    /** One server's part, from what it listed; ticked where {@code rules} hold the choice. */
    static Server server(ServerRow server, ToolList listed, Set<String> rules) {
        String slug = server.slug();
        String promptRule = slug + ":" + AllowlistRule.PROMPT + ":";
        String resourceRule = slug + ":" + AllowlistRule.RESOURCE + ":";
        List<String> resources = listed.resources();
        List<Choice> templates = templates(resourceRule, listed.resourceTemplates(), rules);
        boolean oneByOne = resources.size() <= MAX_LISTED_RESOURCES;
        return new Server(slug, server.name(), server.enabled(), listed.up() ? null : listed.error(),
                choice(slug + ":*", "every tool of " + slug + ", also those added later", rules),
                choices(slug + ":", listed.tools(), rules),
                listed.prompts().isEmpty() ? null
                        : choice(promptRule + "*", "every prompt of " + slug + ", also those added later", rules),
                choices(promptRule, listed.prompts(), rules),
                resources.isEmpty() && templates.isEmpty() ? null
                        : choice(resourceRule + "*", "every resource of " + slug + ", also those added later", rules),
                oneByOne ? choices(resourceRule, resources, rules) : List.of(),
                oneByOne ? 0 : resources.size(),
                oneByOne ? "" : commonPrefix(resources),
                templates);
    }

    /**
     * A resource template offers the prefix rule of the URIs it makes: its text up to the first
     * variable, then {@code *} ({@code file:///notes/{id}} gives {@code server:resource:file:///notes/*});
     * a template without variables is one URI. One starting with a variable would be every
     * resource (already offered), one whose rule is not valid is left out, and two templates with
     * the same start offer one choice.
     */
    static List<Choice> templates(String resourceRule, List<String> uriTemplates, Set<String> rules) {
        Map<String, String> byRule = new LinkedHashMap<>();
        for (String template : uriTemplates) {
            int variable = template.indexOf('{');
            String rule = resourceRule + (variable < 0 ? template : template.substring(0, variable) + "*");
            if (variable != 0 && AllowlistRule.problem(rule) == null) {
                byRule.merge(rule, template, (first, more) -> first + ", " + more);
            }
        }
        return byRule.entrySet().stream()
                .map(entry -> choice(entry.getKey(), entry.getKey().substring(resourceRule.length()) + " (template "
                        + entry.getValue() + ")", rules))
                .toList();
    }

    private static List<Choice> choices(String rulePrefix, List<String> names, Set<String> rules) {
        return names.stream().map(name -> choice(rulePrefix + name, name, rules)).toList();
    }

    /** The longest start every URI shares, cut after its last {@code /} so it names a folder rather than half a name. */
    static String commonPrefix(List<String> uris) {
        String prefix = uris.getFirst();
        for (String uri : uris) {
            int same = 0;
            while (same < prefix.length() && same < uri.length() && prefix.charAt(same) == uri.charAt(same)) {
                same++;
            }
            prefix = prefix.substring(0, same);
        }
        return prefix.substring(0, prefix.lastIndexOf('/') + 1);
    }

    private ToolList list(Session session, String workspace, ServerRow server) {
        try {
            return registry.tools(session, workspace, server.slug());
        } catch (ApiException e) {
            if (e.sessionEnded()) {
                throw e;
            }
            return ToolList.down(server.slug(), e.plainMessage());
        }
    }

    private static Choice choice(String rule, String label, Set<String> rules) {
        return new Choice(rule, label, rules.contains(rule));
    }
}
