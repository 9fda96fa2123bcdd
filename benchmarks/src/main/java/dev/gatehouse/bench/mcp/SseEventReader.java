package dev.gatehouse.bench.mcp;

import java.util.function.BiConsumer;

/**
 * Reads a server-sent event stream as it arrives, chunk by chunk (a chunk may end in the middle of
 * a line): each complete event goes to the consumer as its type ({@code message} when unnamed)
 * and its data lines joined by newlines. Comments, ids and retry fields are skipped.
 */
public final class SseEventReader {

    private final BiConsumer<String, String> onEvent;
    private final StringBuilder line = new StringBuilder();
    private final StringBuilder data = new StringBuilder();
    private String event = "message";
    private boolean hasData;
    private boolean lastWasCr;

    public SseEventReader(BiConsumer<String, String> onEvent) {
        this.onEvent = onEvent;
    }

    /** Feeds the next chunk of the stream. */
    public void feed(CharSequence chunk) {
        for (int i = 0; i < chunk.length(); i++) {
            char c = chunk.charAt(i);
            if (c == '\n' && lastWasCr) {
                lastWasCr = false;
                continue;
            }
            lastWasCr = c == '\r';
            if (c == '\n' || c == '\r') {
                endOfLine();
            } else {
                line.append(c);
            }
        }
    }

    private void endOfLine() {
        if (line.isEmpty()) {
            if (hasData) {
                onEvent.accept(event, data.toString());
            }
            event = "message";
            data.setLength(0);
            hasData = false;
            return;
        }
        String text = line.toString();
        line.setLength(0);
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        if (field.equals("data")) {
            if (hasData) {
                data.append('\n');
            }
            data.append(value);
            hasData = true;
        } else if (field.equals("event")) {
            event = value.isEmpty() ? "message" : value;
        }
    }
}
