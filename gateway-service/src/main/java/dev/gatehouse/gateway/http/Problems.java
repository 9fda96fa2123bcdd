package dev.gatehouse.gateway.http;

import dev.gatehouse.shared.problem.Problem;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/**
 * RFC 9457 problem+json answers for what goes wrong before JSON-RPC (HTTP-level refusals): the
 * shared {@link Problem} every Gatehouse service answers with, written straight to the Vert.x
 * response (the gateway has no JAX-RS resources for the shared mappers to serve).
 */
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
        JsonObject body = JsonObject.mapFrom(Problem.of(status, title, detail));
        if (extra != null) {
            body.mergeIn(extra);
        }
        response.setStatusCode(status).putHeader("Content-Type", Problem.MEDIA_TYPE).end(body.encode());
    }
}
