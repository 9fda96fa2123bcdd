package dev.gatehouse.identity.messaging;

import dev.gatehouse.shared.event.EventEnvelope;
import dev.gatehouse.shared.event.TopicNames;
import dev.gatehouse.shared.outbox.Outbox;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import java.util.Map;

/**
 * Records identity facts in the transactional outbox, inside the caller's transaction: an event
 * exists if and only if its change committed.
 *
 * <p>Every event goes to the activity topic. Those that change what an existing token may do go,
 * with the same envelope, to the revocations topic too, so gateways evict cached principals at once.
 */
@ApplicationScoped
public class IdentityEvents {

    /** The outbox table; a constant, never user input. */
    public static final String OUTBOX_TABLE = "identity.outbox";

    private final Outbox outbox;
    private final TopicNames topics;
    private final Event<OutboxWritten> written;

    public IdentityEvents(AgroalDataSource dataSource, TopicNames topics, Event<OutboxWritten> written) {
        this.outbox = new Outbox(dataSource, OUTBOX_TABLE);
        this.topics = topics;
        this.written = written;
    }

    /** An activity-only fact, such as {@code token.created}. */
    public void activity(String type, String workspace, String actor, Map<String, Object> data) {
        outbox.append(topics.activity(), EventEnvelope.now(type, workspace, actor, data));
        written.fire(OutboxWritten.INSTANCE);
    }

    /** A fact that also invalidates cached principals: written for both topics. */
    public void revocation(String type, String workspace, String actor, Map<String, Object> data) {
        EventEnvelope event = EventEnvelope.now(type, workspace, actor, data);
        outbox.append(topics.activity(), event);
        outbox.append(topics.revocations(), event);
        written.fire(OutboxWritten.INSTANCE);
    }
}
