package dev.gatehouse.gateway.http;

import io.vertx.core.http.HttpServerResponse;

/** Writes Server-Sent Events frames of JSON-RPC messages. */
final class SseWriter {

    private SseWriter() {
    }

    static void start(HttpServerResponse response) {
        response.setStatusCode(200)
                .putHeader("Content-Type", "text/event-stream")
                .putHeader("Cache-Control", "no-cache, no-transform")
                .putHeader("X-Accel-Buffering", "no")
                .setChunked(true);
    }

    /** One message event; JSON text never holds a raw newline, so one data line is enough. */
    static void message(HttpServerResponse response, String json) {
        response.write("event: message\ndata: " + json + "\n\n");
    }
}
