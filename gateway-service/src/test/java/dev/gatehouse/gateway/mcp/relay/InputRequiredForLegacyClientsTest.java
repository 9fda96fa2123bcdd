package dev.gatehouse.gateway.mcp.relay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.gateway.auth.Principal;
import dev.gatehouse.gateway.mcp.Caller;
import dev.gatehouse.gateway.mcp.ProtocolVersions;
import dev.gatehouse.gateway.routing.UpstreamServer;
import dev.gatehouse.gateway.session.McpSession;
import dev.gatehouse.shared.access.TokenKind;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a 2025 and a 2026-07-28 client get for a 2026-07-28 upstream's InputRequiredResult, without a server. */
class InputRequiredForLegacyClientsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Principal MEMBER = new Principal("ws", "t1", TokenKind.WORKSPACE_ADMIN, null, null, false, List.of());
    private static final UpstreamServer SERVER = new UpstreamServer("modern", "Modern", "http://127.0.0.1:1/mcp",
            "streamable-http", "mod_", null, null);

    @Test
    void a2025ClientGetsAnErrorNamingWhatTheServerAskedFor() throws Exception {
        ObjectNode answer = InputRequiredForLegacyClients.answer(caller(ProtocolVersions.V2025_11_25), SERVER, inputRequired());

        assertEquals(3, answer.get("id").asInt());
        assertEquals(-32007, answer.at("/error/code").asInt());
        assertTrue(answer.at("/error/message").asText().contains("modern"), answer.toString());
        assertTrue(answer.at("/error/message").asText().contains("elicitation/create"), answer.toString());
        assertEquals("modern", answer.at("/error/data/server").asText());
        assertEquals(JSON.readTree("[\"elicitation/create\"]"), answer.at("/error/data/inputRequests"));
        assertTrue(answer.path("result").isMissingNode(), "nothing of the upstream's request state reaches the client");
    }

    @Test
    void a2026ClientAndEveryCompleteResultPassUntouched() throws Exception {
        ObjectNode asked = inputRequired();
        assertSame(asked, InputRequiredForLegacyClients.answer(caller(ProtocolVersions.V2026_07_28), SERVER, asked));
        ObjectNode complete = (ObjectNode) JSON.readTree(
                "{\"jsonrpc\":\"2.0\",\"id\":4,\"result\":{\"resultType\":\"complete\",\"content\":[]}}");
        assertSame(complete, InputRequiredForLegacyClients.answer(caller(ProtocolVersions.V2025_11_25), SERVER, complete));
    }

    private static ObjectNode inputRequired() throws Exception {
        return (ObjectNode) JSON.readTree("""
                {"jsonrpc":"2.0","id":3,"result":{"resultType":"input_required","requestState":"opaque",
                 "inputRequests":{"who":{"method":"elicitation/create","params":{"message":"Who?"}}}}}""");
    }

    private static Caller caller(String revision) {
        return new Caller(MEMBER, null, new McpSession("s1", "ws", "t1", revision, Instant.now()), "127.0.0.1");
    }
}
