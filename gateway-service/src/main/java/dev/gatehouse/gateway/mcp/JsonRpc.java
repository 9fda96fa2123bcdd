package dev.gatehouse.gateway.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** JSON-RPC 2.0 message shapes and the standard error codes (MCP-PROTOCOL.md). */
public final class JsonRpc {

    public static final int PARSE_ERROR = -32700;
    public static final int INVALID_REQUEST = -32600;
    public static final int METHOD_NOT_FOUND = -32601;
    public static final int INVALID_PARAMS = -32602;
    public static final int INTERNAL_ERROR = -32603;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private JsonRpc() {
    }

    public static ObjectNode result(JsonNode id, JsonNode result) {
        ObjectNode message = envelope(id);
        message.set("result", result);
        return message;
    }

    public static ObjectNode error(JsonNode id, int code, String text) {
        return error(id, code, text, null);
    }

    public static ObjectNode error(JsonNode id, int code, String text, JsonNode data) {
        ObjectNode error = JSON.objectNode().put("code", code).put("message", text);
        if (data != null) {
            error.set("data", data);
        }
        ObjectNode message = envelope(id);
        message.set("error", error);
        return message;
    }

    public static ObjectNode request(long id, String method, JsonNode params) {
        ObjectNode message = JSON.objectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
        if (params != null) {
            message.set("params", params);
        }
        return message;
    }

    public static ObjectNode notification(String method, JsonNode params) {
        ObjectNode message = JSON.objectNode().put("jsonrpc", "2.0").put("method", method);
        if (params != null) {
            message.set("params", params);
        }
        return message;
    }

    /** A request carries a method and an id; a notification a method only; a response an id only. */
    public static boolean isRequest(JsonNode message) {
        return message.has("method") && message.has("id");
    }

    public static boolean isNotification(JsonNode message) {
        return message.has("method") && !message.has("id");
    }

    public static boolean isResponse(JsonNode message) {
        return !message.has("method") && message.has("id") && (message.has("result") || message.has("error"));
    }

    /** Ids compare by value: {@code 7} read back from the wire is the same id as the {@code 7L} we sent. */
    public static boolean sameId(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return false;
        }
        if (a.isIntegralNumber() && b.isIntegralNumber()) {
            return a.bigIntegerValue().equals(b.bigIntegerValue());
        }
        return a.equals(b);
    }

    /**
     * @return null when {@code message} is a well-formed JSON-RPC 2.0 request, notification or
     *         response, otherwise why not
     */
    public static String problem(JsonNode message) {
        if (!message.isObject()) {
            return "a JSON-RPC message must be an object";
        }
        if (!"2.0".equals(message.path("jsonrpc").asText(null)) || !message.get("jsonrpc").isTextual()) {
            return "jsonrpc must be \"2.0\"";
        }
        JsonNode id = message.get("id");
        if (id != null && !(id.isTextual() || id.isIntegralNumber())) {
            return "id must be a string or an integer";
        }
        JsonNode method = message.get("method");
        if (method != null) {
            if (!method.isTextual() || method.asText().isEmpty()) {
                return "method must be a non-empty string";
            }
            JsonNode params = message.get("params");
            if (params != null && !params.isObject()) {
                return "params must be an object";
            }
            return null;
        }
        return isResponse(message) ? null : "a message needs a method (request, notification) or a result/error (response)";
    }

    private static ObjectNode envelope(JsonNode id) {
        ObjectNode message = JSON.objectNode().put("jsonrpc", "2.0");
        message.set("id", id == null ? NullNode.getInstance() : id);
        return message;
    }
}
