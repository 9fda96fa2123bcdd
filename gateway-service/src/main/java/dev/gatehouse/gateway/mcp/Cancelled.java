package dev.gatehouse.gateway.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;

/** {@code notifications/cancelled}: passed on to whatever works on that request ({@link InFlightRequests}). */
@ApplicationScoped
public class Cancelled implements McpNotification {

    private final InFlightRequests inFlight;

    Cancelled(InFlightRequests inFlight) {
        this.inFlight = inFlight;
    }

    @Override
    public String method() {
        return "notifications/cancelled";
    }

    @Override
    public void handle(Caller caller, ObjectNode notification) {
        JsonNode requestId = notification.path("params").get("requestId");
        if (requestId != null) {
            inFlight.cancel(caller, requestId, notification.path("params").path("reason").asText("cancelled by the client"));
        }
    }
}
