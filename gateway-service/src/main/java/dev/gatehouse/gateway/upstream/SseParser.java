package dev.gatehouse.gateway.upstream;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Incremental Server-Sent Events parser (WHATWG rules for the fields MCP uses): fed chunks as
 * they arrive, it hands over each complete event at once, so nothing waits for the stream's end.
 */
public final class SseParser {

    /** One event: its {@code data} lines joined with newlines. */
    public record SseEvent(String id, String event, String data) {
    }

    private final Consumer<SseEvent> onEvent;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final StringBuilder data = new StringBuilder();
    private String id;
    private String event;
    private boolean hasData;
    private boolean lastWasCr;

    public SseParser(Consumer<SseEvent> onEvent) {
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
                endOfLine(line.toString(StandardCharsets.UTF_8));
                line.reset();
            } else {
                line.write(b);
            }
        }
    }

    private void endOfLine(String text) {
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
        hasData = false;
        event = null;
        id = null;
    }
}
