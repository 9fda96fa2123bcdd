package dev.gatehouse.gateway.catalog;

import dev.gatehouse.gateway.auth.Principal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A workspace's aggregated tools at one routing version, and the views of it that callers have
 * asked for (each view is built once per set of access rules, not once per {@code tools/list}).
 */
public final class Catalog {

    /** Beyond this many distinct access rule sets, views are built per request instead of kept. */
    private static final int MAX_KEPT_VIEWS = 256;
    /**
     * Kept views together hold at most about this many tools (each view keeps its serialised pages),
     * so a huge catalog keeps fewer views; at least {@link #MIN_KEPT_VIEWS} are always kept.
     */
    private static final int KEPT_VIEW_TOOLS = 200_000;
    private static final int MIN_KEPT_VIEWS = 4;

    private final String routingVersion;
    private final List<CatalogTool> tools;
    private final Set<String> missingServers;
    private final Map<String, CatalogTool> byName;
    private final Map<ToolView.AccessKey, ToolView> views = new ConcurrentHashMap<>();
    private final int maxKeptViews;

    private Catalog(String routingVersion, List<CatalogTool> tools, Set<String> missingServers,
                    Map<String, CatalogTool> byName) {
        this.routingVersion = routingVersion;
        this.tools = tools;
        this.missingServers = missingServers;
        this.byName = byName;
        this.maxKeptViews = Math.max(MIN_KEPT_VIEWS, Math.min(MAX_KEPT_VIEWS, KEPT_VIEW_TOOLS / Math.max(1, tools.size())));
    }

    /** Builds the catalog; names must already be unique. */
    public static Catalog of(String routingVersion, List<CatalogTool> tools, Set<String> missingServers) {
        Map<String, CatalogTool> index = new LinkedHashMap<>();
        tools.forEach(tool -> index.put(tool.name(), tool));
        return new Catalog(routingVersion, List.copyOf(tools), Set.copyOf(missingServers), Map.copyOf(index));
    }

    /** The routing view it was built from. */
    public String routingVersion() {
        return routingVersion;
    }

    /** Every tool, servers in routing order, each server's tools in its own order. */
    public List<CatalogTool> tools() {
        return tools;
    }

    /** Slugs of servers that could not be listed this time. */
    public Set<String> missingServers() {
        return missingServers;
    }

    public Optional<CatalogTool> find(String exposedName) {
        return Optional.ofNullable(byName.get(exposedName));
    }

    /** The tools this caller may see. */
    public ToolView viewFor(Principal principal) {
        ToolView.AccessKey key = ToolView.AccessKey.of(principal);
        ToolView kept = views.get(key);
        if (kept != null) {
            return kept;
        }
        ToolView view = ToolView.of(tools, principal);
        if (views.size() < maxKeptViews) {
            views.putIfAbsent(key, view);
        }
        return view;
    }
}
