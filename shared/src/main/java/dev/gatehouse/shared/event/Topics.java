package dev.gatehouse.shared.event;

/** Default Kafka topic names; every service lets configuration override them. */
public final class Topics {

    /** One {@code tool.called} event per tool call, from the gateways. */
    public static final String TOOL_CALLS = "gatehouse.tool-calls";
    /** Control-plane facts: workspaces, servers, tokens, allowlists, enforcement. */
    public static final String ACTIVITY = "gatehouse.activity";
    /** Facts that must evict cached principals on every gateway at once. */
    public static final String REVOCATIONS = "gatehouse.revocations";
    /** Records audit-service could not parse, with the reason in a header. */
    public static final String DEAD_LETTER = "gatehouse.dead-letter";

    private Topics() {
    }
}
