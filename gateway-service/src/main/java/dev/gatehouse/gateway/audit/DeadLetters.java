package dev.gatehouse.gateway.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Events that can never be delivered (larger than {@code max-event-bytes}, or refused by Kafka for
 * their content: too large, unserialisable, invalid topic or record). Retrying them would stall every
 * later event behind them, so each is set aside at once: counted in
 * {@code gateway.audit.events.dead_lettered{reason}}, logged by id, and its id, workspace, size and
 * reason appended to {@code <spool-dir>/dead-letters.ndjson}. Never its content: that is what made it
 * poison (and could be anything a client sent).
 */
final class DeadLetters {

    static final String FILE = "dead-letters.ndjson";

    private final Path file;
    private final long maxBytes;
    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private long written = -1;

    DeadLetters(Path spoolDir, long maxBytes, MeterRegistry registry) {
        this.file = spoolDir.resolve(FILE);
        this.maxBytes = maxBytes;
        this.registry = registry;
    }

    /** @param reason a short fixed phrase (it becomes a metric tag): never client input */
    synchronized void add(String eventId, String workspace, long bytes, String reason) {
        counters.computeIfAbsent(reason, r -> Counter.builder("gateway.audit.events.dead_lettered")
                .description("tool.called events set aside because they can never be delivered")
                .tag("reason", r).register(registry)).increment();
        Log.errorf("tool.called event %s of workspace %s (%d bytes) dead-lettered: %s", eventId, workspace, bytes, reason);
        String line = new JsonObject().put("deadLetteredAt", Instant.now().toString()).put("id", eventId)
                .put("workspace", workspace).put("bytes", bytes).put("reason", reason).encode() + "\n";
        byte[] data = line.getBytes(StandardCharsets.UTF_8);
        try {
            if (written < 0) {
                written = Files.exists(file) ? Files.size(file) : 0;
            }
            if (written + data.length > maxBytes) {
                Log.errorf("Dead-letter file %s is full; event %s is only logged", file, eventId);
                return;
            }
            Files.createDirectories(file.getParent());
            Files.write(file, data, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            written += data.length;
        } catch (IOException e) {
            Log.errorf("Cannot write %s (%s); event %s is only logged", file, e.getMessage(), eventId);
        }
    }

    /** How many events were dead-lettered, for every reason. */
    double count() {
        return counters.values().stream().mapToDouble(Counter::count).sum();
    }
}
