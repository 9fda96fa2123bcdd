package dev.gatehouse.bench.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.concurrent.CompletableFuture;

/**
 * An open MCP client session, whatever its transport: Streamable HTTP ({@link McpSession}) or the
 * older HTTP+SSE transport ({@link LegacySseSession}, which mcp-hub serves).
 */
public interface McpConnection extends AutoCloseable {

    /** {@code tools/call}; with {@code progress} the call carries a progress token, so progress may stream. */
    CompletableFuture<McpReply> callTool(String name, JsonNode arguments, boolean progress);

    /** {@code tools/list} of one page ({@code cursor} null for the first). */
    CompletableFuture<McpReply> listTools(String cursor);

    @Override
    void close();

    /** {@code tools/call} params; a non-null {@code progressToken} asks for progress notifications. */
    static ObjectNode toolCallParams(String name, JsonNode arguments, String progressToken) {
        ObjectNode params = McpSession.JSON.createObjectNode();
        params.put("name", name);
        params.set("arguments", arguments);
        if (progressToken != null) {
            params.putObject("_meta").put("progressToken", progressToken);
        }
        return params;
    }

    /** {@code tools/list} params for one page ({@code cursor} null for the first). */
    static ObjectNode listParams(String cursor) {
        ObjectNode params = McpSession.JSON.createObjectNode();
        if (cursor != null) {
            params.put("cursor", cursor);
        }
        return params;
    }
}
