package dev.gatehouse.gateway.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The client capabilities the gateway passes on to upstreams: {@code sampling},
 * {@code elicitation} and {@code roots}, exactly as far as the client declared them, because the
 * gateway relays those server-to-client requests back to that client. Nothing else is passed on
 * ({@code experimental}, {@code tasks}: the gateway relays none of it), and {@code roots.listChanged}
 * is dropped (the gateway does not forward {@code notifications/roots/list_changed}).
 */
public final class ClientCapabilities {

    private ClientCapabilities() {
    }

    /** The relayed subset of a client's {@code initialize} {@code params.capabilities}. */
    public static ObjectNode relayed(JsonNode declared) {
        ObjectNode relayed = JsonNodeFactory.instance.objectNode();
        if (declared == null || !declared.isObject()) {
            return relayed;
        }
        if (declared.get("sampling") instanceof ObjectNode sampling) {
            relayed.set("sampling", sampling.deepCopy());
        }
        if (declared.get("elicitation") instanceof ObjectNode elicitation) {
            relayed.set("elicitation", elicitation.deepCopy());
        }
        if (declared.get("roots") instanceof ObjectNode) {
            relayed.putObject("roots");
        }
        return relayed;
    }
}
