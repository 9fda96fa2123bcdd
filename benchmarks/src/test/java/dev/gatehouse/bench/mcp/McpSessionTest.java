package dev.gatehouse.bench.mcp;

import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class McpSessionTest {

    private static MultiMap type(String contentType) {
        return MultiMap.caseInsensitiveMultiMap().add("Content-Type", contentType);
    }

    @Test
    void readsAnSseStreamOfNotificationsThenTheResponse() {
        String body = "id: 0\ndata:\n\n"
                + "event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progress\":1}}\n\n"
                + "data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\r\ndata: \"params\":{\"progress\":2}}\r\n\r\n"
                + "data: {\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"content\":[]}}\n";
        McpReply reply = McpSession.parse(200, type("text/event-stream"), body);
        assertTrue(reply.sse());
        assertTrue(reply.isSuccess());
        assertEquals(2, reply.notifications().size());
        assertEquals(2, reply.notifications().get(1).path("params").path("progress").asInt());
        assertEquals(7, reply.response().path("id").asInt());
    }

    @Test
    void aToolErrorAndAProtocolErrorAreNotSuccesses() {
        McpReply toolError = McpSession.parse(200, type("application/json"),
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"isError\":true}}");
        assertFalse(toolError.isSuccess());
        assertEquals("HTTP 200 tool error", toolError.describe());
        McpReply refused = McpSession.parse(200, type("application/json"),
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32003,\"message\":\"Tool not allowed for this user\"}}");
        assertEquals(-32003, refused.errorCode());
        assertEquals("HTTP 200 JSON-RPC error -32003 Tool not allowed for this user", refused.describe());
    }

    @Test
    void anEmptyOrUnparseableBodyIsReportedNotThrownAsSomethingElse() {
        McpReply empty = McpSession.parse(401, type("application/json"), "");
        assertNull(empty.response());
        assertEquals("HTTP 401 without a JSON-RPC response", empty.describe());
        McpException error = assertThrows(McpException.class, () -> McpSession.parse(200, type("application/json"), "{not json"));
        assertEquals("unparseable answer (HTTP 200)", error.getMessage());
        McpException emptyOk = assertThrows(McpException.class, () -> McpSession.parse(200, type("application/json"), ""));
        assertEquals("HTTP 200 (application/json, 0 chars) without a JSON-RPC response", emptyOk.getMessage());
    }
}
