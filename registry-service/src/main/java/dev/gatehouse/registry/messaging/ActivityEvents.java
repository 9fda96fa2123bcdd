package dev.gatehouse.registry.messaging;

import dev.gatehouse.registry.UpstreamServer;
import dev.gatehouse.registry.Workspace;
import dev.gatehouse.shared.event.EventEnvelope;
import dev.gatehouse.shared.event.TopicNames;
import dev.gatehouse.shared.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashMap;
import java.util.Map;

/**
 * Records registry's activity events in the outbox, inside the caller's transaction, so an event
 * exists if and only if its change commits. Event data follows CONTRACTS.md and never holds a
 * credential.
 */
@ApplicationScoped
public class ActivityEvents {

    private final Outbox outbox;
    private final String topic;

    public ActivityEvents(Outbox outbox, TopicNames topics) {
        this.outbox = outbox;
        this.topic = topics.activity();
    }

    /** {@code workspace.created}, {@code workspace.updated} or {@code workspace.deleted}. */
    public void workspace(String type, Workspace workspace, String actor) {
        append(type, workspace.slug, actor, Map.of("slug", workspace.slug, "name", workspace.name));
    }

    /** {@code server.added}, {@code server.updated} or {@code server.removed}. */
    public void server(String type, UpstreamServer server, String actor) {
        append(type, server.workspace.slug, actor, Map.of(
                "slug", server.slug,
                "name", server.name,
                "url", server.url,
                "transport", server.transport.wireName(),
                "prefix", server.prefix,
                "enabled", server.enabled));
    }

    /**
     * {@code server.health_checked}, by the system. {@code toolCount} and {@code error} are left out
     * when unknown: the shared envelope copies data with {@code Map.copyOf}, which refuses null values.
     */
    public void healthChecked(String workspace, String server, String status, long latencyMs, Integer toolCount, String error) {
        Map<String, Object> data = new HashMap<>();
        data.put("slug", server);
        data.put("status", status);
        data.put("latencyMs", latencyMs);
        if (toolCount != null) {
            data.put("toolCount", toolCount);
        }
        if (error != null) {
            data.put("error", error);
        }
        append("server.health_checked", workspace, EventEnvelope.SYSTEM_ACTOR, data);
    }

    private void append(String type, String workspace, String actor, Map<String, Object> data) {
        outbox.append(topic, EventEnvelope.now(type, workspace, actor, data));
    }
}
