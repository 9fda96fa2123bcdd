package dev.gatehouse.gateway.upstream;

import dev.gatehouse.gateway.upstream.SseParser.SseEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SseParserTest {

    private final List<SseEvent> events = new ArrayList<>();
    private final SseParser parser = new SseParser(events::add);

    @Test
    void eventsSplitAcrossChunksArriveAsSoonAsTheyAreComplete() {
        feed("id: 1\nevent: mess");
        feed("age\ndata: {\"a\":");
        assertEquals(0, events.size());
        feed("1}\n\n: comment\n\ndata: x\r\n");
        assertEquals(List.of(new SseEvent("1", "message", "{\"a\":1}")), events);
        feed("\r\n");
        assertEquals(new SseEvent(null, "message", "x"), events.get(1));
    }

    @Test
    void multipleDataLinesJoinWithNewlinesAndPrimingEventsKeepTheirId() {
        feed("data: one\ndata: two\n\nid: 7\ndata:\n\n");
        assertEquals(List.of(new SseEvent(null, "message", "one\ntwo"), new SseEvent("7", "message", "")), events);
    }

    private void feed(String text) {
        parser.feed(text.getBytes(StandardCharsets.UTF_8));
    }
}
