package dev.gatehouse.gateway.upstream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A request as a 2026-07-28 upstream gets it (body {@code _meta}, mirrored headers), without a server. */
class ModernRequestsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void headerValuesFollowTheSpecificationsEncodingExamples() {
        assertEquals("us-west1", ModernRequests.encode("us-west1"));
        assertEquals("=?base64?SGVsbG8sIOS4lueVjA==?=", ModernRequests.encode("Hello, 世界"));
        assertEquals("=?base64?IHBhZGRlZCA=?=", ModernRequests.encode(" padded "));
        assertEquals("=?base64?bGluZTEKbGluZTI=?=", ModernRequests.encode("line1\nline2"));
        assertEquals("=?base64?PT9iYXNlNjQ/bGl0ZXJhbD89?=", ModernRequests.encode("=?base64?literal?="));
    }

    @Test
    void aToolsCallCarriesTheRevisionTheGatewayAsClientAndOnlyTheInputCapabilitiesOfTheClient() throws Exception {
        ObjectNode request = (ObjectNode) JSON.readTree("""
                {"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"get_weather","arguments":{"city":"Lisbon"},
                 "_meta":{"progressToken":"p1","io.modelcontextprotocol/protocolVersion":"2026-07-28",
                  "io.modelcontextprotocol/clientInfo":{"name":"someone","version":"9"},
                  "io.modelcontextprotocol/clientCapabilities":{"elicitation":{"form":{}},
                   "extensions":{"io.modelcontextprotocol/tasks":{}}}}}}""");
        String before = request.toString();

        ObjectNode body = ModernRequests.body(request);

        assertEquals(before, request.toString(), "the client's request is not changed");
        assertEquals(7, body.get("id").asInt());
        assertEquals("tools/call", body.get("method").asText());
        assertEquals(JSON.readTree("{\"city\":\"Lisbon\"}"), body.at("/params/arguments"));
        ObjectNode meta = (ObjectNode) body.at("/params/_meta");
        assertEquals("p1", meta.get("progressToken").asText());
        assertEquals("2026-07-28", meta.get("io.modelcontextprotocol/protocolVersion").asText());
        assertEquals("gatehouse-gateway", meta.at("/io.modelcontextprotocol~1clientInfo/name").asText());
        assertEquals(JSON.readTree("{\"elicitation\":{\"form\":{}}}"), meta.get("io.modelcontextprotocol/clientCapabilities"));
        assertEquals(Map.of("Mcp-Method", "tools/call", "Mcp-Name", "get_weather"), ModernRequests.headers(body));
    }

    @Test
    void aRequestOfA2025ClientOffersNoCapabilitiesAndAReadNamesItsUri() throws Exception {
        ObjectNode request = (ObjectNode) JSON.readTree(
                "{\"jsonrpc\":\"2.0\",\"id\":\"r\",\"method\":\"resources/read\",\"params\":{\"uri\":\"file:///café.txt\"}}");

        ObjectNode body = ModernRequests.body(request);

        assertTrue(body.at("/params/_meta/io.modelcontextprotocol~1clientCapabilities").isEmpty());
        Map<String, String> headers = ModernRequests.headers(body);
        assertEquals("resources/read", headers.get("Mcp-Method"));
        assertEquals(ModernRequests.encode("file:///café.txt"), headers.get("Mcp-Name"));
        assertTrue(headers.get("Mcp-Name").startsWith("=?base64?"));
        assertFalse(ModernRequests.headers(ModernRequests.body((ObjectNode) JSON.readTree(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}"))).containsKey("Mcp-Name"));
    }
}
