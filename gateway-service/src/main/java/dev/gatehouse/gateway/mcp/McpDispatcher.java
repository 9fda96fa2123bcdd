package dev.gatehouse.gateway.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.gateway.mcp.relay.ServerRequests;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Hands each valid message of an established session to its handler by method name: requests to
 * the {@link McpMethod} beans, notifications to the {@link McpNotification} beans. An unknown
 * request method gets {@code -32601}.
 */
@ApplicationScoped
public class McpDispatcher {

    private final Map<String, McpMethod> methods;
    private final Map<String, McpNotification> notifications;
    private final ServerRequests serverRequests;

    McpDispatcher(Instance<McpMethod> methods, Instance<McpNotification> notifications, ServerRequests serverRequests) {
        this.serverRequests = serverRequests;
        this.methods = byName(methods, McpMethod::method);
        this.notifications = byName(notifications, McpNotification::method);
    }

    /** A request (it has an id): the answer goes to {@code reply}. */
    public void request(Caller caller, ObjectNode request, Reply reply) {
        JsonNode id = request.get("id");
        String method = request.get("method").asText();
        if ("initialize".equals(method)) {
            reply.finish(JsonRpc.error(id, JsonRpc.INVALID_REQUEST,
                    "the session is already initialized; initialize without Mcp-Session-Id to start a new one"));
            return;
        }
        McpMethod handler = methods.get(method);
        if (handler == null) {
            reply.finish(JsonRpc.error(id, JsonRpc.METHOD_NOT_FOUND, "Method not found: " + method));
            return;
        }
        handler.handle(caller, request, reply);
    }

    /** Whether a handler serves this request method. */
    public boolean handles(String method) {
        return methods.containsKey(method);
    }

        /** A notification from the client: handled when a handler knows it, dropped otherwise. */
    public void notification(Caller caller, ObjectNode notification) {
        McpNotification handler = notifications.get(notification.get("method").asText());
        if (handler != null) {
            handler.handle(caller, notification);
        }
    }

    /** A response from the client, to a server-to-client request the gateway relayed: routed back upstream. */
    public void response(Caller caller, ObjectNode response) {
        serverRequests.fromClient(caller, response);
    }

    /** The {@code capabilities} of the initialize result: what the registered methods declare. */
    public ObjectNode capabilities() {
        ObjectNode capabilities = JsonNodeFactory.instance.objectNode();
        methods.values().forEach(method -> method.declare(capabilities));
        return capabilities;
    }

    private static <T> Map<String, T> byName(Instance<T> handlers, Function<T, String> name) {
        Map<String, T> byName = new TreeMap<>();
        for (T handler : handlers) {
            T previous = byName.put(name.apply(handler), handler);
            if (previous != null) {
                throw new IllegalStateException("two handlers for " + name.apply(handler) + ": "
                        + previous.getClass().getName() + " and " + handler.getClass().getName());
            }
        }
        return Collections.unmodifiableMap(byName);
    }
}
