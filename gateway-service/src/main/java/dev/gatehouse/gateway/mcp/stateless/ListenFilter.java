package dev.gatehouse.gateway.mcp.stateless;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The {@code notifications} filter of a {@code subscriptions/listen} request
 * (basic/patterns/subscriptions.mdx): which list changes the stream carries, and the resource URIs
 * whose {@code notifications/resources/updated} it carries. Pure: no I/O, unit-tested.
 *
 * @param uris absolute URIs, in request order, without repeats
 */
record ListenFilter(boolean tools, boolean prompts, boolean resources, Set<String> uris) {

    static final String TOOLS = "toolsListChanged";
    static final String PROMPTS = "promptsListChanged";
    static final String RESOURCES = "resourcesListChanged";
    static final String SUBSCRIPTIONS = "resourceSubscriptions";
    static final String UPDATED = "notifications/resources/updated";
    private static final Set<String> KINDS = Set.of(TOOLS, PROMPTS, RESOURCES, SUBSCRIPTIONS);

    /** Bad input: the message of the -32602 to answer. */
    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * @param notifications {@code params.notifications} of the request
     * @param maxUris       most URIs one stream may watch
     */
    static ListenFilter parse(JsonNode notifications, int maxUris) throws Invalid {
        if (!(notifications instanceof ObjectNode filter)) {
            throw new Invalid("subscriptions/listen needs params.notifications (object)");
        }
        for (Iterator<String> names = filter.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KINDS.contains(name)) {
                // 2026-07-28 defines exactly these: an unknown one is a client's mistake, not a future kind
                throw new Invalid("Unknown notification kind: " + name + " (known: " + String.join(", ",
                        TOOLS, PROMPTS, RESOURCES, SUBSCRIPTIONS) + ")");
            }
        }
        Set<String> uris = new LinkedHashSet<>();
        JsonNode listed = filter.get(SUBSCRIPTIONS);
        if (listed != null && !listed.isNull()) {
            if (!listed.isArray()) {
                throw new Invalid(SUBSCRIPTIONS + " must be an array of resource URIs");
            }
            for (JsonNode uri : listed) {
                uris.add(uri(uri));
            }
            if (uris.size() > maxUris) {
                throw new Invalid("Too many resource URIs: " + uris.size() + " (at most " + maxUris + " per stream)");
            }
        }
        return new ListenFilter(flag(filter, TOOLS), flag(filter, PROMPTS), flag(filter, RESOURCES),
                Collections.unmodifiableSet(uris));
    }

    private static boolean flag(ObjectNode filter, String name) throws Invalid {
        JsonNode value = filter.get(name);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw new Invalid(name + " must be a boolean");
        }
        return value.booleanValue();
    }

    private static String uri(JsonNode value) throws Invalid {
        if (!value.isTextual() || value.asText().isEmpty()) {
            throw new Invalid(SUBSCRIPTIONS + " must hold URIs (non-empty strings), got " + value);
        }
        String text = value.asText();
        try {
            if (new URI(text).getScheme() == null) {
                throw new Invalid("Not an absolute URI: " + text);
            }
        } catch (URISyntaxException e) {
            throw new Invalid("Not a URI: " + text);
        }
        return text;
    }

    /** Whether the stream carries this notification (a resource update: for a watched URI only). */
    boolean wants(ObjectNode notification) {
        return switch (notification.path("method").asText()) {
            case "notifications/tools/list_changed" -> tools;
            case "notifications/prompts/list_changed" -> prompts;
            case "notifications/resources/list_changed" -> resources;
            case UPDATED -> uris.contains(notification.path("params").path("uri").asText(null));
            default -> false; // request-scoped messages (progress, logging) never go on a listen stream
        };
    }

    /** The acknowledged filter: what the gateway honours, the URIs among {@code watched}. */
    ObjectNode acknowledged(Collection<String> watched) {
        ObjectNode honoured = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, Boolean> kind : Map.of(TOOLS, tools, PROMPTS, prompts, RESOURCES, resources).entrySet()) {
            if (kind.getValue()) {
                honoured.put(kind.getKey(), true);
            }
        }
        if (!uris.isEmpty()) {
            uris.stream().filter(watched::contains).forEach(honoured.putArray(SUBSCRIPTIONS)::add);
        }
        return honoured;
    }
}
