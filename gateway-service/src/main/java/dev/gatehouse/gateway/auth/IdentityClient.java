package dev.gatehouse.gateway.auth;

import dev.gatehouse.shared.access.TokenKind;
import dev.gatehouse.gateway.config.GatewayServiceAuth;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

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

    private final WebClient client;
    private final String introspectUrl;
    private final Duration timeout;
    private final GatewayServiceAuth serviceAuth;

    IdentityClient(Vertx vertx, @ConfigProperty(name = "gatehouse.identity.url") String identityUrl, AuthConfig config,
                   GatewayServiceAuth serviceAuth) {
        this.serviceAuth = serviceAuth;
        this.timeout = config.introspectionTimeout();
        this.introspectUrl = identityUrl.replaceAll("/+$", "") + "/internal/v1/introspect";
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout((int) timeout.toMillis())
                .setUserAgent("gatehouse-gateway"));
    }

    Uni<Introspection> introspect(String rawToken) {
        return client.postAbs(introspectUrl)
                .timeout(timeout.toMillis())
                .putHeader("Accept", "application/json")
                .putHeader("Authorization", serviceAuth.identityAuthorization())
                .sendJsonObject(new JsonObject().put("token", rawToken))
                .map(this::read)
                // the client timeout covers a silent server; this covers a connection that never opens
                .ifNoItem().after(timeout.plusMillis(100)).failWith(() -> unavailable("no answer within " + timeout, null))
                .onFailure(failure -> !(failure instanceof IdentityUnavailableException))
                .transform(failure -> unavailable(failure.getClass().getSimpleName(), failure));
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
