package dev.gatehouse.gateway.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the gateway does with one kind of client notification ({@code notifications/cancelled},
 * ...). Found by {@link McpDispatcher} like {@link McpMethod}; notifications without a handler
 * are accepted and dropped, as JSON-RPC allows.
 */
public interface McpNotification {

    /** The notification's method name, e.g. {@code notifications/cancelled}; one bean per name. */
    String method();

    void handle(Caller caller, ObjectNode notification);
}
