package dev.gatehouse.gateway.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Client requests the gateway is still working on, by (session, request id), so that
 * {@code notifications/cancelled} reaches whatever handles them (e.g. the upstream a call was
 * relayed to). A method that relays a request tracks it for as long as it runs.
 */
@ApplicationScoped
public class InFlightRequests {

    private final Map<String, Consumer<String>> cancellers = new ConcurrentHashMap<>();

    /**
     * @param cancel what to do when the client cancels the request; gets the reason
     * @return ends the tracking; run it once the request is answered
     */
    public Runnable track(Caller caller, JsonNode requestId, Consumer<String> cancel) {
        String key = key(caller, requestId);
        cancellers.put(key, cancel);
        return () -> cancellers.remove(key, cancel);
    }

    /** The client cancelled one of its requests; nothing happens when it is not (or no longer) in flight. */
    public void cancel(Caller caller, JsonNode requestId, String reason) {
        Consumer<String> cancel = cancellers.get(key(caller, requestId));
        if (cancel != null) {
            cancel.accept(reason);
        }
    }

    private static String key(Caller caller, JsonNode requestId) {
        return caller.session().id() + "\n" + requestId;
    }
}
