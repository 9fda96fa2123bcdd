package dev.gatehouse.bench.mcp;

import com.fasterxml.jackson.databind.JsonNode;

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
}
