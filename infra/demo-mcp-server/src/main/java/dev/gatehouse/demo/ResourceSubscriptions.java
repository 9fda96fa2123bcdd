package dev.gatehouse.demo;

import io.modelcontextprotocol.server.McpRequestHandler;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.ErrorCodes;
import io.modelcontextprotocol.spec.McpSchema.ResourcesUpdatedNotification;
import io.modelcontextprotocol.spec.McpSchema.SubscribeRequest;
import io.modelcontextprotocol.spec.McpSchema.UnsubscribeRequest;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * {@code resources/subscribe} and {@code resources/unsubscribe} per session, and
 * {@code notifications/resources/updated} sent to the subscribed sessions only (on their GET
 * stream). The MCP Java SDK 1.0.0 server handles neither method and can only broadcast
 * {@code resources/updated} to every session, so a test could not tell a gateway that routes
 * it to the subscriber from one that sends it to everybody.
 */
final class ResourceSubscriptions {

    private final Function<String, Optional<McpStreamableServerSession>> sessions;
    private final Predicate<String> known;
    private final Map<String, Set<String>> subscribers = new ConcurrentHashMap<>();

    /**
     * @param sessions finds a live session by id
     * @param known    whether a URI names one of the server's resources (others are refused)
     */
    ResourceSubscriptions(Function<String, Optional<McpStreamableServerSession>> sessions, Predicate<String> known) {
        this.sessions = sessions;
        this.known = known;
    }

    Map<String, McpRequestHandler<?>> handlers() {
        return Map.of(
                McpSchema.METHOD_RESOURCES_SUBSCRIBE, (McpRequestHandler<Object>) (exchange, params) -> {
                    String uri = Tools.JSON.convertValue(params, SubscribeRequest.class).uri();
                    return checked(uri).then(Mono.fromSupplier(() -> {
                        subscribers.computeIfAbsent(uri, key -> ConcurrentHashMap.newKeySet()).add(exchange.sessionId());
                        return Map.of();
                    }));
                },
                McpSchema.METHOD_RESOURCES_UNSUBSCRIBE, (McpRequestHandler<Object>) (exchange, params) -> {
                    String uri = Tools.JSON.convertValue(params, UnsubscribeRequest.class).uri();
                    return checked(uri).then(Mono.fromSupplier(() -> {
                        Set<String> ids = subscribers.get(uri);
                        if (ids != null) {
                            ids.remove(exchange.sessionId());
                        }
                        return Map.of();
                    }));
                });
    }

    private Mono<Void> checked(String uri) {
        if (uri == null || !known.test(uri)) {
            return Mono.error(McpError.builder(ErrorCodes.RESOURCE_NOT_FOUND)
                    .message("Resource not found").data(String.valueOf(uri)).build());
        }
        return Mono.empty();
    }

    /**
     * Sends {@code notifications/resources/updated} for {@code uri} to each subscribed session.
     *
     * @return how many sessions it reached (a session without an open GET stream is not reached)
     */
    int notifyUpdated(String uri) {
        Set<String> ids = subscribers.getOrDefault(uri, Set.of());
        int reached = 0;
        for (String id : ids) {
            Optional<McpStreamableServerSession> session = sessions.apply(id);
            if (session.isEmpty()) {
                ids.remove(id);
                continue;
            }
            try {
                session.get().sendNotification(McpSchema.METHOD_NOTIFICATION_RESOURCES_UPDATED,
                        new ResourcesUpdatedNotification(uri)).block(Duration.ofSeconds(5));
                reached++;
            } catch (RuntimeException e) {
                System.err.println("resources/updated not delivered to session " + id + ": " + e.getMessage());
            }
        }
        return reached;
    }
}
