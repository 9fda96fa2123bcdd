package dev.gatehouse.gateway.session;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionCodecTest {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private final SessionCodec codec = new SessionCodec(KEY);

    @Test
    void anIssuedIdDecodesToTheSameSessionOnAnyReplicaWithTheKey() {
        McpSession session = codec.newSession("demo", "token-1", "2025-06-18");
        String id = codec.encode(session);
        assertEquals(session, new SessionCodec(KEY).decode(id).orElseThrow());
        assertTrue(id.matches("[A-Za-z0-9_-]+"), "visible ASCII only: " + id);
        assertNotEquals(id, codec.encode(session), "a fresh nonce every time");
    }

    @Test
    void forgedCorruptedOrForeignIdsAreUnknown() {
        String id = codec.encode(codec.newSession("demo", "token-1", "2025-06-18"));
        char last = id.charAt(id.length() - 5);
        String tampered = id.substring(0, id.length() - 5) + (last == 'A' ? 'B' : 'A') + id.substring(id.length() - 4);
        assertTrue(codec.decode(tampered).isEmpty());
        assertTrue(codec.decode("not a session").isEmpty());
        assertTrue(codec.decode("").isEmpty());
        byte[] otherKey = new byte[32];
        otherKey[0] = 1;
        assertTrue(new SessionCodec(Base64.getEncoder().encodeToString(otherKey)).decode(id).isEmpty());
    }

    @Test
    void theClientCapabilitiesTheGatewayRelaysTravelInTheId() {
        McpSession session = codec.newSession("demo", "token-1", "2025-11-25", "{\"sampling\":{},\"roots\":{}}");
        assertEquals("{\"sampling\":{},\"roots\":{}}", codec.decode(codec.encode(session)).orElseThrow().clientCapabilities());
        assertEquals("{}", codec.decode(codec.encode(codec.newSession("demo", "t", "2025-06-18"))).orElseThrow()
                .clientCapabilities());
    }

    @Test
    void aTextSealedForOnePurposeNeverOpensAsAnother() {
        byte[] relayed = "gatehouse-server-request".getBytes(StandardCharsets.US_ASCII);
        String sealed = codec.seal(relayed, "session\nserver\n7");
        assertEquals("session\nserver\n7", new SessionCodec(KEY).open(relayed, sealed).orElseThrow());
        assertTrue(codec.open("gatehouse-mcp-session".getBytes(StandardCharsets.US_ASCII), sealed).isEmpty());
        assertTrue(codec.decode(sealed).isEmpty(), "a relayed request id is no session id");
    }

    @Test
    void aKeyOfTheWrongSizeIsRefusedAtStartup() {
        assertThrows(IllegalStateException.class, () -> new SessionCodec(Base64.getEncoder().encodeToString(new byte[16])));
        assertThrows(IllegalStateException.class, () -> new SessionCodec("%%%"));
    }
}
