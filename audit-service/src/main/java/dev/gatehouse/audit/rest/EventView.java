package dev.gatehouse.audit.rest;

import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.gatehouse.audit.StoredEvent;

import java.time.Instant;
import java.util.UUID;

/** An event as the query API shows it: the envelope plus its place in the hash chain. */
public record EventView(long seq, UUID id, String type, Instant time, String workspace, String actor,
                        @JsonRawValue String data, String prevHash, String hash) {

    static EventView of(StoredEvent event) {
        return new EventView(event.seq(), event.id(), event.type(), event.time(), event.workspace(), event.actor(),
                event.data(), event.prevHash(), event.hash());
    }
}
