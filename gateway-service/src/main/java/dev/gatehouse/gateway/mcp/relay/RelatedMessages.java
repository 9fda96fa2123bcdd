package dev.gatehouse.gateway.mcp.relay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.gateway.mcp.Caller;
import dev.gatehouse.gateway.mcp.JsonRpc;
import dev.gatehouse.gateway.mcp.Reply;
import dev.gatehouse.gateway.upstream.UpstreamSession;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What an upstream streams before its response to a relayed client request, handed to the
 * client's reply in order: notifications as they are (log messages marked with the server they
 * came from), and the upstream's own requests (sampling, elicitation, roots) through
 * {@link ServerRequests}, so the client's answer finds its way back; for a 2026-07-28 client the
 * reply turns them into input requests ({@code Reply#inputRequired}).
 */
@ApplicationScoped
public class RelatedMessages {

    /** The {@code _meta} key naming the workspace server a relayed log message came from. */
    public static final String SERVER_META = "dev.gatehouse/server";

    private final ServerRequests serverRequests;

    RelatedMessages(ServerRequests serverRequests) {
        this.serverRequests = serverRequests;
    }

    /**
     * @param upstream the upstream session the request went out on (known once a message arrives)
     */
    public Consumer<ObjectNode> to(Caller caller, Reply reply, String server, Supplier<UpstreamSession> upstream) {
        return message -> {
            if (JsonRpc.isNotification(message)) {
                if ("notifications/message".equals(message.path("method").asText()) && message.get("params") instanceof ObjectNode params) {
                    ObjectNode meta = params.get("_meta") instanceof ObjectNode existing ? existing : params.putObject("_meta");
                    meta.put(SERVER_META, server);
                }
                reply.notify(message);
            } else if (JsonRpc.isRequest(message) && caller.stateless()) {
                // 2026-07-28 streams carry no server-to-client requests: the reply turns them into an
                // InputRequiredResult (multi round-trip requests); one that cannot is left to the upstream's timeout
                if (!reply.inputRequired(server, upstream.get(), message)) {
                    Log.debugf("a %s request of %s could not reach a 2026-07-28 client", message.path("method").asText(), server);
                }
            } else if (JsonRpc.isRequest(message)) {
                serverRequests.toClient(caller, upstream.get(), message).ifPresent(reply::notify);
            }
        };
    }
}
