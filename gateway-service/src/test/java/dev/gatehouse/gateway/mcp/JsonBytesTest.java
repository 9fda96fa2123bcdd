package dev.gatehouse.gateway.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The UTF-8 body of a message is byte for byte what its text form was sent as before. */
class JsonBytesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {
            "plain ascii", "quote \" backslash \\ slash / tab \t newline \n cr \r", "nul \u0000 bell \u0007 del \u007f",
            "é ü ß ñ", "日本語のツール", "emoji 😀 and 𝄞 (pairs)", "line sep \u2028 para sep \u2029", "</script><!--",
            "bom \ufeff", "replacement \ufffd", "max bmp \uffff", "a literal backslash-u \\ud800 is text, not a surrogate", "backslashes \\\\\\ud800 \\\\"})
    void textIsEncodedExactlyAsBefore(String text) throws Exception {
        ObjectNode message = JsonRpc.result(JsonNodeFactory.instance.numberNode(7),
                JsonNodeFactory.instance.objectNode().put("text", text).put(text, "as a key"));
        assertSameBytes(message);
    }

    @Test
    void numbersAndNestingAreEncodedExactlyAsBefore() throws Exception {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("long", Long.MIN_VALUE).put("double", 0.1).put("tiny", 4.9e-324).put("huge", 1e300)
                .put("negativeZero", -0.0).put("float", 1.5f).put("big", new BigInteger("123456789012345678901234567890"))
                .put("decimal", new BigDecimal("1.2300")).putNull("nothing").put("yes", true);
        result.putArray("list").add(1).add("two").addObject().putArray("deep").add(3.25);
        assertSameBytes(JsonRpc.result(JsonNodeFactory.instance.textNode("id-1"), result));
        // what an upstream sent, parsed (the relay path)
        JsonNode parsed = MAPPER.readTree("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[{\"type\":\"text\","
                + "\"text\":\"Echo: h\\u00e9llo \\ud83d\\ude00\"}],\"n\":1.0E10,\"e\":12e-3,\"isError\":false}}");
        assertSameBytes(parsed);
    }

    @Test
    void aLoneSurrogateTakesTheTextPathAsBefore() throws Exception {
        for (String lone : new String[] {"high \ud800 alone", "low \udc00 alone", "high \ud800é before a letter", "end \ud83d"}) {
            ObjectNode message = JsonRpc.result(JsonNodeFactory.instance.numberNode(1),
                    JsonNodeFactory.instance.objectNode().put("text", lone));
            assertTrue(JsonBytes.utf8(message).isEmpty(), "no UTF-8 form for " + lone);
            assertSameBytes(message);
        }
    }

    /** Before: {@code response.end(message.toString())}, which Vert.x encodes as UTF-8. */
    static void assertSameBytes(JsonNode message) {
        assertArrayEquals(Buffer.buffer(message.toString()).getBytes(), JsonBytes.body(message).getBytes(),
                () -> "bytes differ for " + message);
    }
}
