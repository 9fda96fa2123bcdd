package dev.gatehouse.audit.messaging;

import dev.gatehouse.shared.event.EventEnvelope;
import dev.gatehouse.shared.event.Topics;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class EventAdmissionTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    private final EventAdmission admission = new EventAdmission(Map.of(Topics.TOOL_CALLS, EventAdmission.GATEWAY_TYPES,
            Topics.ACTIVITY, EventAdmission.ACTIVITY_TYPES), Duration.ofDays(7), Duration.ofHours(1));

    @Test
    void H5_everyIndexedValueIsBoundedSoOneEventAlwaysFitsTheIndex() {
        assertNull(check(call("t".repeat(512), "s".repeat(256))));
        // four-byte characters count as four bytes
        assertEquals("tool is 516 bytes (at most 512 bytes)", check(call("\uD83D\uDE00".repeat(129), "github")).detail());
        assertEquals(EventAdmission.Reason.FIELD_TOO_LONG, check(call("echo", "s".repeat(257))).reason());
        EventEnvelope longActor = new EventEnvelope(call("echo", "github").id(), "tool.called", NOW, "acme", "a".repeat(300), Map.of());
        assertEquals("actor is 300 characters (at most 256 bytes)", check(longActor).detail());
        EventEnvelope bigData = new EventEnvelope(call("echo", "github").id(), "tool.called", NOW, "acme", "token",
                Map.of("note", "n".repeat(70_000)));
        assertEquals(EventAdmission.Reason.EVENT_TOO_LARGE, check(bigData).reason());
    }

    @Test
    void H3_typesBelongToTheirTopicAndNobodyWritesAuditEventsThroughKafka() {
        assertNull(admission.check(Topics.ACTIVITY, "acme", at("workspace.created", NOW), NOW));
        for (String type : Set.of("audit.read", "audit.retention_purged", "tool.called")) {
            assertEquals(EventAdmission.Reason.WRONG_TOPIC,
                    admission.check(Topics.ACTIVITY, "acme", at(type, NOW), NOW).reason(), type);
        }
        assertEquals(EventAdmission.Reason.WRONG_TOPIC, admission.check(Topics.TOOL_CALLS, "acme", at("server.added", NOW), NOW).reason());
        assertEquals(EventAdmission.Reason.WRONG_TOPIC, admission.check("gatehouse.other", "acme", at("tool.called", NOW), NOW).reason());
        assertNull(admission.check(Topics.ACTIVITY, "acme", at("token.revoked", NOW), NOW));
    }

    @Test
    void gatewaysWritePromptResourceAndServerRequestEventsOnTheirTopicOnly() {
        for (String type : Set.of("prompt.retrieved", "resource.read", "server_request.relayed")) {
            assertNull(admission.check(Topics.TOOL_CALLS, "acme", at(type, NOW), NOW), type);
            assertEquals(EventAdmission.Reason.WRONG_TOPIC, admission.check(Topics.ACTIVITY, "acme", at(type, NOW), NOW).reason(), type);
        }
        EventEnvelope longUri = new EventEnvelope(java.util.UUID.randomUUID(), "resource.read", NOW, "acme", "token",
                Map.of("server", "docs", "uri", "file:///" + "u".repeat(1100), "status", "ok"));
        assertEquals("name is 1108 characters (at most 1024 bytes)", check(longUri).detail());
    }

    @Test
    void H3_theKeyMustBeTheWorkspaceAndTheTimeNearNow() {
        assertEquals(EventAdmission.Reason.KEY_MISMATCH, admission.check(Topics.TOOL_CALLS, "evil", at("tool.called", NOW), NOW).reason());
        assertEquals(EventAdmission.Reason.KEY_MISMATCH, admission.check(Topics.TOOL_CALLS, null, at("tool.called", NOW), NOW).reason());
        assertNull(admission.check(Topics.TOOL_CALLS, "acme", at("tool.called", NOW.minus(Duration.ofDays(6))), NOW));
        assertEquals(EventAdmission.Reason.CLOCK_SKEW,
                admission.check(Topics.TOOL_CALLS, "acme", at("tool.called", NOW.minus(Duration.ofDays(8))), NOW).reason());
        assertEquals(EventAdmission.Reason.CLOCK_SKEW,
                admission.check(Topics.TOOL_CALLS, "acme", at("tool.called", NOW.plus(Duration.ofHours(2))), NOW).reason());
    }

    private EventAdmission.Refusal check(EventEnvelope event) {
        return admission.check(Topics.TOOL_CALLS, event.workspace(), event, NOW);
    }

    private static EventEnvelope call(String tool, String server) {
        return new EventEnvelope(java.util.UUID.randomUUID(), "tool.called", NOW, "acme", "token",
                Map.of("tool", tool, "server", server, "status", "ok"));
    }

    private static EventEnvelope at(String type, Instant time) {
        return new EventEnvelope(java.util.UUID.randomUUID(), type, time, "acme", "token", Map.of());
    }
}
