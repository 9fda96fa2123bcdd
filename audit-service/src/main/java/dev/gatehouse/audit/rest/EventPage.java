package dev.gatehouse.audit.rest;

import java.util.List;

/**
 * One page of events.
 *
 * @param next the cursor of the next page (also in the {@code Link} header), null on the last page
 */
public record EventPage(List<EventView> events, String next) {
}
