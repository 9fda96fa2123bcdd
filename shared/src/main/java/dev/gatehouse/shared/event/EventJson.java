package dev.gatehouse.shared.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;

/** Serialises {@link EventEnvelope}s to and from their wire form (UTF-8 JSON, RFC 3339 times). */
public final class EventJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private EventJson() {
    }

    public static String write(EventEnvelope event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event is not serialisable: " + event.type(), e);
        }
    }

    /**
     * Parses an envelope.
     *
     * @throws MalformedEventException when the bytes are not a complete envelope
     */
    public static EventEnvelope read(byte[] json) {
        try {
            EventEnvelope event = MAPPER.readValue(json, EventEnvelope.class);
            if (event == null) {
                throw new MalformedEventException("empty event", null);
            }
            return event;
        } catch (NullPointerException | IllegalArgumentException e) {
            throw new MalformedEventException("incomplete envelope: " + e.getMessage(), e);
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("not an event envelope: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new MalformedEventException("unreadable event: " + e.getMessage(), e);
        }
    }

    /** Thrown when a record is not a well-formed {@link EventEnvelope}. */
    public static final class MalformedEventException extends RuntimeException {
        public MalformedEventException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
