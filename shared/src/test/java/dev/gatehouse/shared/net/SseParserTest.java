package dev.gatehouse.shared.net;

import dev.gatehouse.shared.net.SseParser.SseEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SseParserTest {

    private final List<SseEvent> events = new ArrayList<>();
    private final SseParser parser = new SseParser(1024, 4096, events::add);

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

    @Test
    void H7_aLineWithoutEndIsRefusedOnceItPassesTheLineBudget() {
        feed("data: ");
        byte[] chunk = new byte[512];
        Arrays.fill(chunk, (byte) 'A');
        parser.feed(chunk);
        SseParser.TooLargeException refused = assertThrows(SseParser.TooLargeException.class, () -> parser.feed(chunk));
        assertTrue(refused.getMessage().contains("1024 bytes"));
        assertEquals(0, events.size());
    }

    @Test
    void H7_anEventOfManyShortLinesIsRefusedOnceItPassesTheEventBudget() {
        String line = "data: " + "B".repeat(900) + "\n";
        for (int i = 0; i < 4; i++) {
            feed(line);
        }
        assertThrows(SseParser.TooLargeException.class, () -> feed(line));
        assertEquals(0, events.size());
    }

    @Test
    void H7_endlessCommentLinesAreBoundedToo() {
        assertThrows(SseParser.TooLargeException.class, () -> feed(":" + "c".repeat(2000)));
    }

    private void feed(String text) {
        parser.feed(text.getBytes(StandardCharsets.UTF_8));
    }
}
