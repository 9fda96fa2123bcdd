package dev.gatehouse.gateway.ratelimit;

import io.vertx.core.http.HttpServerRequest;

/** The client's IP: the socket peer, or X-Forwarded-For only when that peer is a configured trusted proxy. */
public interface ClientIpResolver {

    String clientIp(HttpServerRequest request);
}
