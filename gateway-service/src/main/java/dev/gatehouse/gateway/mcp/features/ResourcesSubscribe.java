package dev.gatehouse.gateway.mcp.features;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.gateway.mcp.Caller;
import dev.gatehouse.gateway.mcp.relay.UpstreamRelay;
import dev.gatehouse.gateway.routing.UpstreamServer;
import io.vertx.core.Future;
import jakarta.inject.Singleton;

/**
 * {@code resources/subscribe}, relayed to the URI's owner ({@link ResourceRequest}) within the
 * client's own upstream session, whose GET stream the gateway then listens to
 * ({@link SubscriberStreams}): the subscription, and so every {@code resources/updated}, belongs to
 * this client session alone.
 */
@Singleton // not proxied: its base class takes its collaborators in the constructor
public class ResourcesSubscribe extends ResourceRequest {

    private final SubscriberStreams streams;

    ResourcesSubscribe(ResourceOwners owners, UpstreamRelay relay, SubscriberStreams streams) {
        super(owners, relay);
        this.streams = streams;
    }

    @Override
    public String method() {
        return "resources/subscribe";
    }

    @Override
    void forwarded(Caller caller, UpstreamServer owner, Future<ObjectNode> answered) {
        // the session the owner lookup used is open already: its stream is requested before the answer
        // reaches the client; should the upstream have forgotten it, the new session is listened to too
        streams.listen(caller, owner);
        answered.onSuccess(response -> streams.listen(caller, owner));
    }
}
