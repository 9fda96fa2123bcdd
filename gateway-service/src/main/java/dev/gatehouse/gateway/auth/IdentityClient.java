package dev.gatehouse.gateway.auth;

import dev.gatehouse.gateway.config.GatewayServiceAuth;
import dev.gatehouse.gateway.config.IdentityConfig;
import dev.gatehouse.shared.access.TokenKind;
import io.quarkus.logging.Log;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Calls identity-service's {@code POST /internal/v1/introspect} (on its internal listener, with the
 * gateway's service token) without blocking a thread, and
 * turns every way it can fail (unreachable, slow, non-200, unreadable body) into
 * {@link IdentityUnavailableException}.
 */
@ApplicationScoped
class IdentityClient {

    private final Vertx vertx;
    private final WebClient client;
    private final String introspectUrl;
    private final Duration timeout;
    private final GatewayServiceAuth serviceAuth;

    @Inject
    IdentityClient(Vertx vertx, IdentityConfig identity, AuthConfig config, GatewayServiceAuth serviceAuth) {
        this(vertx, identity.url(), config, serviceAuth);
    }

    IdentityClient(Vertx vertx, String identityUrl, AuthConfig config, GatewayServiceAuth serviceAuth) {
        this.vertx = vertx;
        this.serviceAuth = serviceAuth;
        this.timeout = config.introspectionTimeout();
        this.introspectUrl = identityUrl.replaceAll("/+$", "") + "/internal/v1/introspect";
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout((int) timeout.toMillis())
                .setUserAgent("gatehouse-gateway"));
    }

    Future<Introspection> introspect(String rawToken) {
        Promise<Introspection> answer = Promise.promise();
        // the client timeout covers a silent server; this covers a connection that never opens
        long deadline = vertx.setTimer(timeout.toMillis() + 100,
                fired -> answer.tryFail(unavailable("no answer within " + timeout, null)));
        client.postAbs(introspectUrl)
                .timeout(timeout.toMillis())
                .putHeader("Accept", "application/json")
                .putHeader("Authorization", serviceAuth.identityAuthorization())
                .sendJsonObject(new JsonObject().put("token", rawToken))
                .map(this::read)
                .onComplete(done -> {
                    vertx.cancelTimer(deadline);
                    if (done.succeeded()) {
                        answer.tryComplete(done.result());
                    } else if (!answer.future().isComplete()) {
                        answer.tryFail(done.cause() instanceof IdentityUnavailableException known ? known
                                : unavailable(done.cause().getClass().getSimpleName(), done.cause()));
                    }
                });
        return answer.future();
    }

    private Introspection read(HttpResponse<Buffer> response) {
        if (response.statusCode() != 200) {
            throw unavailable("introspection answered HTTP " + response.statusCode(), null);
        }
        JsonObject body;
        try {
            body = response.bodyAsJsonObject();
        } catch (RuntimeException e) {
            throw unavailable("introspection answer is not JSON", e);
        }
        if (body == null || !(body.getValue("active") instanceof Boolean active)) {
            throw unavailable("introspection answer has no \"active\"", null);
        }
        if (!active) {
            return Introspection.INACTIVE;
        }
        try {
            return new Introspection(Optional.of(principal(body)), instant(body.getString("expiresAt")));
        } catch (RuntimeException e) {
            throw unavailable("introspection answer is incomplete: " + e.getMessage(), e);
        }
    }

    private static Principal principal(JsonObject body) {
        String kindName = required(body, "kind");
        TokenKind kind = TokenKind.fromRole(kindName)
                .orElseThrow(() -> new IllegalArgumentException("unknown kind " + kindName));
        JsonArray rules = body.getJsonArray("allowlist", new JsonArray());
        List<String> allowlist = rules.stream().map(String::valueOf).toList();
        return new Principal(required(body, "workspace"), required(body, "tokenId"), kind,
                body.getString("memberId"), body.getString("memberName"),
                body.getBoolean("enforcement", false), allowlist);
    }

    private static String required(JsonObject body, String field) {
        String value = body.getString(field);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing " + field);
        }
        return value;
    }

    private static Instant instant(String value) {
        return value == null ? null : Instant.parse(value);
    }

    private static IdentityUnavailableException unavailable(String reason, Throwable cause) {
        Log.warnf("identity-service introspection failed: %s", reason);
        return new IdentityUnavailableException("identity-service cannot say who this token belongs to: " + reason, cause);
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
