package dev.gatehouse.shared.net;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Incremental Server-Sent Events parser (WHATWG rules for the fields MCP uses): fed chunks as they
 * arrive, it hands over each complete event at once, so nothing waits for the stream's end.
 *
 * <p>Bounded: a line longer than {@code maxLineBytes} or an event whose data grows beyond
 * {@code maxEventBytes} makes {@link #feed} throw {@link TooLargeException}, so an upstream that
 * streams without newlines or without blank lines cannot make the reader buffer without end. The
 * caller then drops the stream.
 */
public final class SseParser {

    /** One event: its {@code data} lines joined with newlines. */
    public record SseEvent(String id, String event, String data) {
    }

    /** A line or an event exceeded its budget; the stream must be abandoned. */
    public static final class TooLargeException extends RuntimeException {
        public TooLargeException(String message) {
            super(message, null, false, false);
        }
    }

    private final Consumer<SseEvent> onEvent;
    private final int maxLineBytes;
    private final int maxEventBytes;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final StringBuilder data = new StringBuilder();
    private long eventBytes;
    private String id;
    private String event;
    private boolean hasData;
    private boolean lastWasCr;

    public SseParser(int maxLineBytes, int maxEventBytes, Consumer<SseEvent> onEvent) {
        this.maxLineBytes = maxLineBytes;
        this.maxEventBytes = maxEventBytes;
        this.onEvent = onEvent;
    }

    public void feed(byte[] chunk) {
        for (byte b : chunk) {
            if (b == '\n' && lastWasCr) {
                lastWasCr = false;
                continue;
            }
            lastWasCr = b == '\r';
            if (b == '\n' || b == '\r') {
                endOfLine(line.toString(StandardCharsets.UTF_8), line.size());
                line.reset();
            } else {
                if (line.size() >= maxLineBytes) {
                    line.reset();
                    throw new TooLargeException("an event-stream line exceeded " + maxLineBytes + " bytes");
                }
                line.write(b);
            }
        }
    }

    private void endOfLine(String text, int bytes) {
        if (text.isEmpty()) {
            dispatch();
            return;
        }
        if (text.startsWith(":")) {
            return;
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "data" -> {
                eventBytes += bytes;
                if (eventBytes > maxEventBytes) {
                    data.setLength(0);
                    throw new TooLargeException("an event-stream event exceeded " + maxEventBytes + " bytes");
                }
                if (hasData) {
                    data.append('\n');
                }
                data.append(value);
                hasData = true;
            }
            case "id" -> id = value;
            case "event" -> event = value;
            default -> {
                // retry and unknown fields do not matter to a relay
            }
        }
    }

    private void dispatch() {
        if (hasData || id != null) {
            onEvent.accept(new SseEvent(id, event == null ? "message" : event, data.toString()));
        }
        data.setLength(0);
        eventBytes = 0;
        hasData = false;
        event = null;
        id = null;
    }
}
