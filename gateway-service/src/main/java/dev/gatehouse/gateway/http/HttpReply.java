package dev.gatehouse.gateway.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.gateway.mcp.JsonBytes;
import dev.gatehouse.gateway.mcp.Reply;
import io.vertx.core.http.HttpServerResponse;

/**
 * The answer to a POST carrying one request: {@code application/json} when the response is all
 * there is, switched to {@code text/event-stream} as soon as a related notification must go first.
 */
final class HttpReply implements Reply {

    private final HttpServerResponse response;
    private boolean streaming;
    private boolean finished;

    HttpReply(HttpServerResponse response) {
        this.response = response;
    }

    @Override
    public synchronized void notify(ObjectNode notification) {
        if (finished || response.closed()) {
            return;
        }
        if (!streaming) {
            SseWriter.start(response);
            streaming = true;
        }
        SseWriter.message(response, notification.toString());
    }

    @Override
    public synchronized void finish(ObjectNode message) {
        if (finished || response.closed()) {
            return;
        }
        finished = true;
        if (streaming) {
            SseWriter.message(response, message.toString());
            response.end();
        } else {
            response.setStatusCode(200).putHeader("Content-Type", "application/json").end(JsonBytes.body(message));
        }
    }

    @Override
    public void onClientGone(Runnable action) {
        response.closeHandler(closed -> {
            boolean open;
            synchronized (this) {
                open = !finished;
            }
            if (open) {
                action.run();
            }
        });
    }
}
