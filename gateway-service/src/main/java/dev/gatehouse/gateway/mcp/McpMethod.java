package dev.gatehouse.gateway.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One JSON-RPC request method of an established session ({@code tools/list}, {@code ping}, ...).
 * An {@code @ApplicationScoped} bean implementing it is found by {@link McpDispatcher}: adding a
 * method is adding a class.
 */
public interface McpMethod {

    /** The JSON-RPC method name, e.g. {@code tools/call}; one bean per name. */
    String method();

    /**
     * Answers {@code request} (a valid JSON-RPC request of this method) through {@code reply}:
     * related messages with {@link Reply#notify}, then exactly one {@link Reply#finish}.
     */
    void handle(Caller caller, ObjectNode request, Reply reply);

    /** Adds what this method offers to the {@code capabilities} of the initialize result (most add nothing). */
    default void declare(ObjectNode capabilities) {
    }
}
