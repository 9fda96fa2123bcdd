package dev.gatehouse.gateway.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.gateway.mcp.Reply;
import io.vertx.core.http.HttpServerResponse;

/**
 * The answer to a 2025-03-26 batch: one JSON array with a response per request, sent when the
 * last one is ready. Related notifications are not streamed for batches.
 */
final class BatchReply {

    private final HttpServerResponse response;
    private final ArrayNode responses = JsonNodeFactory.instance.arrayNode();
    private int pending;

    BatchReply(HttpServerResponse response, int requests) {
        this.response = response;
        this.pending = requests;
    }

    /** A reply for one request of the batch. */
    Reply member() {
        return new Reply() {
            private boolean done;

            @Override
            public void notify(ObjectNode notification) {
                // a batch answers in one JSON body; there is no stream to put progress on
            }

            @Override
            public void finish(ObjectNode message) {
                synchronized (BatchReply.this) {
                    if (done) {
                        return;
                    }
                    done = true;
                    responses.add(message);
                    if (--pending == 0 && !response.closed()) {
                        response.setStatusCode(200).putHeader("Content-Type", "application/json").end(responses.toString());
                    }
                }
            }

            @Override
            public void onClientGone(Runnable action) {
                // the batch's calls run to their end; their outcomes are still recorded
            }
        };
    }
}
