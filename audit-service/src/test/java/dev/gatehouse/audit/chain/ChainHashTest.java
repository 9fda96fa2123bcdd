package dev.gatehouse.audit.chain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class ChainHashTest {

    private static final UUID ID = UUID.fromString("0b6c7c4e-6f1e-4a55-8d7a-1f4f5d2c9a10");
    private static final Instant TIME = Instant.parse("2026-11-24T10:15:30.123456Z");

    @Test
    void canonicalDataSortsKeysAtEveryLevel() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("z", 1);
        inner.put("a", List.of("x", 2));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("tool", "list_issues");
        data.put("nested", inner);
        data.put("errorCode", null);

        assertEquals("{\"errorCode\":null,\"nested\":{\"a\":[\"x\",2],\"z\":1},\"tool\":\"list_issues\"}",
                ChainHash.canonicalData(data));
    }

    @Test
    void hashIsTheDocumentedSha256OfHeaderLineFeedAndData() throws Exception {
        String data = "{\"tool\":\"t\"}";
        String form = "[\"demo\",3,\"" + ID + "\",\"tool.called\",\"2026-11-24T10:15:30.123456Z\",\"alice\",\""
                + ChainHash.GENESIS + "\"]\n" + data;
        String expected = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(form.getBytes(java.nio.charset.StandardCharsets.UTF_8)));

        assertEquals(expected, ChainHash.hash("demo", 3, ID, "tool.called", TIME, "alice", ChainHash.GENESIS, data));
    }

    @Test
    void everyFieldChangesTheHash() {
        String base = ChainHash.hash("demo", 3, ID, "tool.called", TIME, "alice", ChainHash.GENESIS, "{}");
        assertNotEquals(base, ChainHash.hash("demo2", 3, ID, "tool.called", TIME, "alice", ChainHash.GENESIS, "{}"));
        assertNotEquals(base, ChainHash.hash("demo", 4, ID, "tool.called", TIME, "alice", ChainHash.GENESIS, "{}"));
        assertNotEquals(base, ChainHash.hash("demo", 3, UUID.randomUUID(), "tool.called", TIME, "alice", ChainHash.GENESIS, "{}"));
        assertNotEquals(base, ChainHash.hash("demo", 3, ID, "server.added", TIME, "alice", ChainHash.GENESIS, "{}"));
        assertNotEquals(base, ChainHash.hash("demo", 3, ID, "tool.called", TIME.plusNanos(1000), "alice", ChainHash.GENESIS, "{}"));
        assertNotEquals(base, ChainHash.hash("demo", 3, ID, "tool.called", TIME, "bob", ChainHash.GENESIS, "{}"));
        assertNotEquals(base, ChainHash.hash("demo", 3, ID, "tool.called", TIME, "alice", "1".repeat(64), "{}"));
        assertNotEquals(base, ChainHash.hash("demo", 3, ID, "tool.called", TIME, "alice", ChainHash.GENESIS, "{\"a\":1}"));
    }
}
