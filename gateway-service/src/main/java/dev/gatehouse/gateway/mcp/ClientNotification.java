package dev.gatehouse.gateway.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * CDI event: an upstream notification for clients' GET streams on this replica, either for one
 * client session ({@code notifications/resources/updated} to its subscriber) or, when
 * {@code sessionId} is null, for every session of the workspace ({@code list_changed}).
 */
public record ClientNotification(String workspace, String sessionId, ObjectNode message) {

    public static ClientNotification toSession(String workspace, String sessionId, ObjectNode message) {
        return new ClientNotification(workspace, sessionId, message);
    }

    public static ClientNotification toWorkspace(String workspace, ObjectNode message) {
        return new ClientNotification(workspace, null, message);
    }
}
