package dev.gatehouse.shared.event;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventJsonTest {

    @Test
    void roundTripsAnEnvelopeIncludingNullDataValues() {
        Map<String, Object> data = new HashMap<>();
        data.put("tool", "echo");
        data.put("errorCode", null);
        EventEnvelope event = EventEnvelope.now("tool.called", "demo", "token-1", data);

        String json = EventJson.write(event);
        EventEnvelope read = EventJson.read(json.getBytes(StandardCharsets.UTF_8));

        assertEquals(event, read);
        assertTrue(json.contains("\"time\":\"" + event.time() + "\""), json);
        assertTrue(read.data().containsKey("errorCode"));
    }

    @Test
    void anEnvelopeWithAFieldOutsideTheContractIsRefusedNotCutDown() {
        // evolution is by type and data fields (CONTRACTS.md): an unknown envelope field goes to the dead letter whole
        String extra = "{\"id\":\"6f1c2f0e-3a52-4a8e-9d65-2a1c9b1a0d11\",\"type\":\"prompt.retrieved\",\"time\":\"2026-12-02T10:00:00Z\","
                + "\"workspace\":\"w\",\"actor\":\"a\",\"data\":{\"newField\":1},\"version\":2}";
        assertThrows(EventJson.MalformedEventException.class, () -> EventJson.read(extra.getBytes(StandardCharsets.UTF_8)));
        EventEnvelope known = EventJson.read(extra.replace(",\"version\":2", "").getBytes(StandardCharsets.UTF_8));
        assertEquals(1, known.data().get("newField"), "unknown data fields are kept as they came");
    }

    @Test
    void refusesWhatIsNotAnEnvelope() {
        for (String bad : new String[] {"", "not json", "[]", "{}", "{\"id\":\"x\"}",
                "{\"id\":\"6f1c2f0e-3a52-4a8e-9d65-2a1c9b1a0d11\",\"type\":\"t\",\"workspace\":\"w\",\"actor\":\"a\"}"}) {
            assertThrows(EventJson.MalformedEventException.class,
                    () -> EventJson.read(bad.getBytes(StandardCharsets.UTF_8)), bad);
        }
    }
}
