package dev.gatehouse.gateway.mcp.features;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.gateway.mcp.Caller;
import dev.gatehouse.gateway.mcp.ClientNotification;
import dev.gatehouse.gateway.mcp.relay.RelatedMessages;
import dev.gatehouse.gateway.routing.UpstreamServer;
import dev.gatehouse.gateway.upstream.UpstreamSession;
import dev.gatehouse.gateway.upstream.UpstreamSessions;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The GET streams of subscribers' upstream sessions: an upstream sends
 * {@code notifications/resources/updated} on the stream of the session that subscribed, and log
 * messages ({@code notifications/message}) outside a request on the stream of the session whose
 * level was set; the gateway hands them to that client session's GET streams only (never to other
 * sessions of the workspace), log messages marked with their server. One stream per (client
 * session, upstream session), opened on the first subscription or {@code logging/setLevel} and kept
 * until the upstream ends it (the upstream session is deleted when the client session ends or
 * idles out). Everything else on it is dropped: list changes reach clients through the
 * workspace's catalog streams, once.
 */
@ApplicationScoped
public class SubscriberStreams {

    static final String UPDATED = "notifications/resources/updated";
    static final String LOG_MESSAGE = "notifications/message";

    private final UpstreamSessions sessions;
    private final Event<ClientNotification> notifications;
    private final Set<String> listening = ConcurrentHashMap.newKeySet();

    SubscriberStreams(UpstreamSessions sessions, Event<ClientNotification> notifications) {
        this.sessions = sessions;
        this.notifications = notifications;
    }

    /** Listens to the client's session with {@code server} on this replica, if it has one and is not listened to yet. */
    public void listen(Caller caller, UpstreamServer server) {
        sessions.existing(caller.session().id(), server).ifPresent(upstream -> listen(caller, upstream));
    }

    private void listen(Caller caller, UpstreamSession upstream) {
        String key = caller.session().id() + "\n" + upstream.server().slug() + "\n" + upstream.sessionId();
        if (!listening.add(key)) {
            return;
        }
        String workspace = caller.workspace();
        String session = caller.session().id();
        sessions.listen(upstream, message -> {
            String method = message.path("method").asText();
            if (!(message.get("params") instanceof ObjectNode params)) {
                return;
            }
            if (LOG_MESSAGE.equals(method)) {
                ObjectNode meta = params.get("_meta") instanceof ObjectNode existing ? existing : params.putObject("_meta");
                meta.put(RelatedMessages.SERVER_META, upstream.server().slug());
            }
            if (UPDATED.equals(method) || LOG_MESSAGE.equals(method)) {
                notifications.fire(ClientNotification.toSession(workspace, session, message));
            }
        }).onComplete(ended -> {
            listening.remove(key);
            if (ended.failed()) {
                Log.debugf("subscriber stream of %s/%s ended: %s", workspace, upstream.server().slug(), ended.cause().getMessage());
            }
        });
    }
}
