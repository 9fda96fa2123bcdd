package dev.gatehouse.gateway.mcp.features;

import dev.gatehouse.gateway.mcp.relay.UpstreamRelay;
import jakarta.inject.Singleton;

/**
 * {@code resources/unsubscribe}, relayed to the URI's owner ({@link ResourceRequest}) within the
 * client's upstream session that holds the subscription; the GET stream stays open (other
 * subscriptions of the session may use it) until the upstream session ends.
 */
@Singleton // not proxied: its base class takes its collaborators in the constructor
public class ResourcesUnsubscribe extends ResourceRequest {

    ResourcesUnsubscribe(ResourceOwners owners, UpstreamRelay relay) {
        super(owners, relay);
    }

    @Override
    public String method() {
        return "resources/unsubscribe";
    }
}
