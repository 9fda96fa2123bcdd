package dev.gatehouse.bench.mcp;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * One answer to a JSON-RPC request over Streamable HTTP: the HTTP status, the JSON-RPC response
 * (null when the body carried none) and the notifications that came before it on an SSE stream.
 */
public record McpReply(int status, boolean sse, JsonNode response, List<JsonNode> notifications) {

    /** A 200 carrying a JSON-RPC result that is not a tool error. */
    public boolean isSuccess() {
        return status == 200 && response != null && response.has("result")
                && !response.path("result").path("isError").asBoolean(false);
    }

    /** The JSON-RPC error code, or 0 when the answer carries none. */
    public int errorCode() {
        return response == null ? 0 : response.path("error").path("code").asInt(0);
    }

    /** A short description for failure reports; never the tool's arguments. */
    public String describe() {
        if (response == null) {
            return "HTTP " + status + (sse ? " SSE stream" : "") + " without a JSON-RPC response"
                    + (sse ? " (" + notifications.size() + " notifications)" : "");
        }
        if (response.has("error")) {
            return "HTTP " + status + " JSON-RPC error " + errorCode() + " " + response.path("error").path("message").asText();
        }
        return "HTTP " + status + (response.path("result").path("isError").asBoolean(false) ? " tool error" : " ok");
    }
}
