package dev.gatehouse.bench.mcp;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SseEventReaderTest {

    @Test
    void readsNamedAndUnnamedEventsSplitAcrossChunksWithAnyLineEnding() {
        List<String> events = new ArrayList<>();
        SseEventReader reader = new SseEventReader((type, data) -> events.add(type + "=" + data));
        reader.feed("event: endpoint\r\ndata: /messages?sessionId=a");
        reader.feed("bc\r\n\r\n: a comment\nid: 4\nevent: message\ndata: {\"id\":1,\n");
        reader.feed("data: \"result\":{}}\n\ndata:no-space\r");
        reader.feed("\n\r\n");
        assertEquals(List.of("endpoint=/messages?sessionId=abc", "message={\"id\":1,\n\"result\":{}}", "message=no-space"), events);
    }

    @Test
    void anEventWithoutDataIsNotDeliveredAndDoesNotLeakItsTypeIntoTheNext() {
        List<String> events = new ArrayList<>();
        SseEventReader reader = new SseEventReader((type, data) -> events.add(type + "=" + data));
        reader.feed("event: ping\n\ndata: x\n\n");
        assertEquals(List.of("message=x"), events);
    }
}
