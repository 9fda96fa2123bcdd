package dev.gatehouse.audit.chain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The canonical form of a stored event and its SHA-256, the links of a workspace's hash chain.
 *
 * <p>Canonical form (UTF-8): a JSON array {@code [workspace, seq, id, type, time, actor, prevHash]}
 * (time as {@code yyyy-MM-ddTHH:mm:ss.SSSSSSZ}, UTC, microseconds like PostgreSQL), a line feed,
 * then the data as canonical JSON: object keys sorted, no whitespace. JSON escaping keeps the
 * header free of raw line feeds, so the form is unambiguous. The hash is lower-case hex.
 */
public final class ChainHash {

    /** prev_hash of a workspace's first event. */
    public static final String GENESIS = "0".repeat(64);

    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private ChainHash() {
    }

    /** Canonical JSON of an event's data: keys sorted at every level, no whitespace. */
    public static String canonicalData(Map<String, Object> data) {
        try {
            return CANONICAL.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event data is not serialisable", e);
        }
    }

    /**
     * SHA-256 (hex) of the canonical form; {@code canonicalData} is used exactly as given. The
     * legacy (unkeyed) link: rows stored before the chain was keyed.
     */
    public static String hash(String workspace, long seq, UUID id, String type, Instant time, String actor,
                              String prevHash, String canonicalData) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(
                    canonical(workspace, seq, id, type, time, actor, prevHash, canonicalData).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** HMAC-SHA256 (hex) of the same canonical form under {@code key}: the keyed link. */
    public static String mac(ChainKeys.Key key, String workspace, long seq, UUID id, String type, Instant time,
                             String actor, String prevHash, String canonicalData) {
        return key.mac(canonical(workspace, seq, id, type, time, actor, prevHash, canonicalData));
    }

    /** The canonical form: header array, a line feed, the canonical data. */
    public static String canonical(String workspace, long seq, UUID id, String type, Instant time, String actor,
                                   String prevHash, String canonicalData) {
        return json(List.of(workspace, seq, id.toString(), type, TIME.format(time), actor, prevHash)) + "\n" + canonicalData;
    }

    /**
     * What a chain head's seal covers. {@code keyedFrom} is the first keyed seq: rows below it are
     * legacy, rows from it on must be keyed; sealing it stops keyed rows being passed off as legacy.
     */
    public static String headForm(String workspace, long lastSeq, String lastHash, Long keyedFrom) {
        return json(java.util.Arrays.asList("head", workspace, lastSeq, lastHash, keyedFrom));
    }

    /** What a purged range's seal covers. */
    public static String purgedForm(String workspace, long fromSeq, long toSeq, String lastHash) {
        return json(List.of("purged", workspace, fromSeq, toSeq, lastHash));
    }

    private static String json(List<?> values) {
        try {
            return CANONICAL.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
