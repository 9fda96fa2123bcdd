package dev.gatehouse.audit;

import java.time.Instant;
import java.util.UUID;

/**
 * One event as stored in the trail: the envelope, its place in the workspace's hash chain, and
 * the fields copied out of {@code data} for querying.
 *
 * @param data     canonical JSON of the envelope's data (see {@link dev.gatehouse.audit.chain.ChainHash})
 * @param indexed  the filterable fields copied out of {@code data}
 * @param prevHash hash of the previous event of the workspace (64 zeros for the first)
 * @param hash     HMAC-SHA256 (hex) of this event's canonical form under chain key {@code keyId}; for
 *                 a legacy row (keyId null, stored before the chain was keyed) its plain SHA-256
 * @param keyId    the id of the chain key that sealed the row, null for a legacy row
 */
public record StoredEvent(String workspace, long seq, UUID id, String type, Instant time, String actor,
                          String data, IndexedFields indexed, String prevHash, String hash, String keyId) {
}
