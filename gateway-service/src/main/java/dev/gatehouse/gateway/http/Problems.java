package dev.gatehouse.gateway.http;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/** RFC 9457 problem+json answers for what goes wrong before JSON-RPC (HTTP-level refusals). */
public final class Problems {

    private Problems() {
    }

    public static void send(HttpServerResponse response, int status, String title, String detail) {
        send(response, status, title, detail, null);
    }

    /** @param extra extension members (e.g. the JSON-RPC code of a rate-limit refusal); may be null */
    public static void send(HttpServerResponse response, int status, String title, String detail, JsonObject extra) {
        if (response.ended() || response.closed()) {
            return;
        }
        JsonObject body = new JsonObject().put("type", "about:blank").put("title", title).put("status", status);
        if (detail != null) {
            body.put("detail", detail);
        }
        if (extra != null) {
            body.mergeIn(extra);
        }
        response.setStatusCode(status).putHeader("Content-Type", "application/problem+json").end(body.encode());
    }
}
