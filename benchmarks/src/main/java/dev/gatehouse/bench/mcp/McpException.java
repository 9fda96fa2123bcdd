package dev.gatehouse.bench.mcp;

/** An MCP exchange that did not go as a well-behaved server would answer. */
public class McpException extends RuntimeException {

    public McpException(String message) {
        super(message);
    }
}
