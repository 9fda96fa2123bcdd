package dev.gatehouse.gateway.mcp.stateless;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The mirrored-header and {@code _meta} rules of 2026-07-28, without a server. */
class RequestChecksTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void headerValuesArePlainAsciiOrTheBase64SentinelOfUtf8() {
        assertEquals(Optional.of("get_weather"), HeaderValues.decode("get_weather"));
        assertEquals(Optional.of("Hello, 世界"), HeaderValues.decode("=?base64?SGVsbG8sIOS4lueVjA==?="));
        assertEquals(Optional.of(" padded "), HeaderValues.decode("=?base64?IHBhZGRlZCA=?="));
        assertEquals(Optional.empty(), HeaderValues.decode("=?base64?not base64!?="));
        assertEquals(Optional.empty(), HeaderValues.decode("=?base64?" + "/w==" + "?="), "not UTF-8");
        assertEquals(Optional.empty(), HeaderValues.decode("caf\u00e9"), "non-ASCII must be Base64-encoded");
        assertEquals(Optional.empty(), HeaderValues.decode("a\u0001b"));
    }

    @Test
    void resourcesReadComparesMcpNameWithTheUri() throws Exception {
        ObjectNode read = (ObjectNode) JSON.readTree("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/read\",\"params\":"
                + "{\"uri\":\"file:///a.txt\",\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                + "\"io.modelcontextprotocol/clientCapabilities\":{}}}}");
        assertTrue(RequestChecks.problem(new MirroredHeaders("2026-07-28", "resources/read", "file:///a.txt"), read).isEmpty());
        assertEquals(-32020, RequestChecks.problem(new MirroredHeaders("2026-07-28", "resources/read", "file:///b.txt"), read)
                .orElseThrow().path("error").path("code").asInt());
    }

    @Test
    void aLogLevelMustBeOneOfTheEightAndFiltersLogMessages() throws Exception {
        for (String level : new String[] {"\"verbose\"", "3", "null", "\"INFO\""}) {
            ObjectNode list = (ObjectNode) JSON.readTree("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":"
                    + "{\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                    + "\"io.modelcontextprotocol/clientCapabilities\":{},\"io.modelcontextprotocol/logLevel\":" + level + "}}}");
            assertEquals(-32602, RequestChecks.problem(new MirroredHeaders("2026-07-28", "tools/list", null), list)
                    .orElseThrow().path("error").path("code").asInt(), level);
        }
        ObjectNode warning = (ObjectNode) JSON.readTree("{\"method\":\"notifications/message\",\"params\":{\"level\":\"warning\"}}");
        assertTrue(LogLevel.passes(warning, LogLevel.LEVELS.indexOf("info")));
        assertTrue(LogLevel.passes(warning, LogLevel.LEVELS.indexOf("warning")));
        assertEquals(false, LogLevel.passes(warning, LogLevel.LEVELS.indexOf("error")));
        assertEquals(false, LogLevel.passes(warning, -1), "no level asked: no log messages");
    }
}
