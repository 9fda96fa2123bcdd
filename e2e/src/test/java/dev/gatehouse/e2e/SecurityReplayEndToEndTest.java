package dev.gatehouse.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two attacks confirmed at runtime by the security review (SECURITY-REVIEW.md, "Confirmed at
 * runtime"; issue 16, "Done when"), replayed end to end against the local stack that
 * {@code bin/gatehouse up} runs: the cross-tenant admin-token rotation (H1) and the audit poison
 * pill, both through the gateway (H5) and straight into Kafka as a rogue producer would (H3).
 *
 * <p>H1 runs last: if it ever succeeded again it would rotate the demo admin token the other
 * replays use to create their members.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecurityReplayEndToEndTest extends SecurityStackTest {

    private static final String TOOL_CALLS_TOPIC = "gatehouse.tool-calls";
    /** audit-service's DeadLetterPublisher: topic (TopicNames default) and header names. */
    private static final String DEAD_LETTER_TOPIC = "gatehouse.dead-letter";
    private static final String CODE_HEADER = "gatehouse-dead-letter-code";
    private static final String REASON_HEADER = "gatehouse-dead-letter-reason";
    private static final String SOURCE_HEADER = "gatehouse-dead-letter-source";
    private static final Pattern DEAD_LETTER_METRIC =
            Pattern.compile("^audit_ingest_dead_lettered_total\\{[^}]*reason=\"([a-z_]+)\"[^}]*}\\s+([0-9.eE+-]+)", Pattern.MULTILINE);

    /** Issue 16's target is "within a second"; the assertion allows for a loaded two-core CI machine. */
    private static final Duration TRAIL_BOUND = Duration.ofSeconds(10);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);

    @Test
    @Order(1)
    @Timeout(value = 90, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void H5_aMillionCharacterToolNameIsRefusedAndTheNextTwentyCallsAreInTheTrailAtOnce() throws Exception {
        SecurityStack.Member member = stack.newDemoMember("h5");
        GatewaySession session = stack.openDemoSession(member);

        long poisonSent = System.nanoTime();
        JsonHttp.Answer poison = session.callRaw("x".repeat(1_000_000), Map.of(), CALL_TIMEOUT);
        System.out.printf("[security-e2e] H5 poison call answered in %d ms: HTTP %d%n",
                (System.nanoTime() - poisonSent) / 1_000_000, poison.status());
        if (poison.status() == 200) {
            JsonNode response = GatewaySession.response(poison);
            assertTrue(response.has("error"), () -> "a 1,000,000-character tool name got a result: " + poison.brief());
            System.out.println("[security-e2e] H5 poison call: JSON-RPC error " + JsonHttp.abbreviated(response.path("error").toString()));
        } else {
            assertTrue(poison.status() >= 400 && poison.status() < 500, () -> "poison call: " + poison.brief());
        }

        callEchoTimes(session, "h5", 20);
        long lastAnswered = System.nanoTime();
        SecurityStack.awaitTrue("20 ordinary calls of " + member.id() + " in the audit trail", TRAIL_BOUND,
                () -> okCalls(member.id()) >= 20);
        System.out.printf("[security-e2e] H5: 20 calls after the poison call in the trail %d ms after the last answer"
                + " (target: within a second)%n", (System.nanoTime() - lastAnswered) / 1_000_000);
        assertEquals(20, okCalls(member.id()), "ordinary calls stored (each once)");
        assertAuditReady();
    }

    @Test
    @Order(2)
    @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void H3_aRogueProducersPoisonEnvelopesAreDeadLetteredWithTheirReasonCountedAndLaterEventsStored() throws Exception {
        SecurityStack.Member member = stack.newDemoMember("h3");
        Map<String, Double> countedBefore = deadLetterCounts();

        RecordMetadata huge;
        RecordMetadata wrongKey;
        try (KafkaProducer<String, String> rogue = rogueProducer()) {
            // a tool.called as a gateway without name validation would have written it: 1 MB in data.tool
            huge = rogue.send(new ProducerRecord<>(TOOL_CALLS_TOPIC, SecurityStack.WORKSPACE,
                    envelope(SecurityStack.WORKSPACE, member.id(), "x".repeat(1_000_000)))).get(20, TimeUnit.SECONDS);
            // a well-formed event whose key is not its workspace, on the same partition, ahead of the real events
            wrongKey = rogue.send(new ProducerRecord<>(TOOL_CALLS_TOPIC, huge.partition(), "f-not-" + SecurityStack.WORKSPACE,
                    envelope(SecurityStack.WORKSPACE, member.id(), "alpha_echo"))).get(20, TimeUnit.SECONDS);
        }
        String hugeSource = TOOL_CALLS_TOPIC + "/" + huge.partition() + "@" + huge.offset();
        String wrongKeySource = TOOL_CALLS_TOPIC + "/" + wrongKey.partition() + "@" + wrongKey.offset();
        System.out.println("[security-e2e] H3 poison records: " + hugeSource + " (1 MB field), " + wrongKeySource + " (key mismatch)");

        // ordinary calls queue behind the poison on the demo workspace's partition
        GatewaySession session = stack.openDemoSession(member);
        callEchoTimes(session, "h3", 20);
        long lastAnswered = System.nanoTime();
        SecurityStack.awaitTrue("20 calls after the rogue records in the audit trail", TRAIL_BOUND,
                () -> okCalls(member.id()) >= 20);
        System.out.printf("[security-e2e] H3: 20 calls after two poison records in the trail %d ms after the last answer%n",
                (System.nanoTime() - lastAnswered) / 1_000_000);
        assertEquals(20, stack.toolCallsOf(member.id()).size(), "the trail holds the 20 real calls and neither rogue record");

        Map<String, DeadLetter> deadLetters = deadLetters(Set.of(hugeSource, wrongKeySource), Duration.ofSeconds(20));
        DeadLetter hugeDead = deadLetters.get(hugeSource);
        DeadLetter wrongKeyDead = deadLetters.get(wrongKeySource);
        System.out.println("[security-e2e] H3 dead letters: " + hugeDead + "; " + wrongKeyDead);
        assertTrue(Set.of("field_too_long", "event_too_large").contains(hugeDead.code()), () -> "reason code of the 1 MB record: " + hugeDead);
        assertEquals("key_mismatch", wrongKeyDead.code(), () -> "reason code of the mismatched key: " + wrongKeyDead);
        assertFalse(hugeDead.reason().isBlank(), "the 1 MB record's dead letter carries a reason");
        assertFalse(wrongKeyDead.reason().isBlank(), "the mismatched key's dead letter carries a reason");

        SecurityStack.awaitTrue("audit's dead-letter metric to count both records", Duration.ofSeconds(10), () -> {
            Map<String, Double> now = deadLetterCounts();
            return increase(countedBefore, now, wrongKeyDead.code()) >= 1
                    && increase(countedBefore, now, hugeDead.code()) >= (hugeDead.code().equals(wrongKeyDead.code()) ? 2 : 1);
        });
        assertAuditReady();
    }

    @Test
    @Order(3)
    @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void H1_aServerRegisteredAtIdentitysAdminTokenPathCannotLockTheDemoAdminOut() throws Exception {
        assertEquals(200, stack.exchange(stack.demoAdminToken()).status(), "the demo admin token works before the replay");
        String attacker = "f-evil-" + UUID.randomUUID().toString().substring(0, 6);
        String attackerJwt = stack.jwt(stack.createWorkspace(attacker));
        Map<String, String> targets = new LinkedHashMap<>();
        targets.put("idpub", "http://127.0.0.1:8082/internal/v1/workspaces/" + SecurityStack.WORKSPACE + "/admin-token");
        targets.put("idint", "http://127.0.0.1:9082/internal/v1/workspaces/" + SecurityStack.WORKSPACE + "/admin-token");

        for (Map.Entry<String, String> target : targets.entrySet()) {
            String servers = SecurityStack.REGISTRY + "/api/v1/workspaces/" + attacker + "/servers";
            JsonHttp.Answer registered = JsonHttp.send("POST", servers, attackerJwt, Map.of("slug", target.getKey(),
                    "name", "replay of H1", "url", target.getValue(), "transport", "streamable-http", "prefix", target.getKey() + "_"));
            System.out.println("[security-e2e] H1 register " + target.getValue() + ": " + registered.brief());
            if (registered.status() == 400) {
                continue; // refused by the outbound policy: the intended outcome
            }
            assertEquals(201, registered.status(), () -> "registration neither refused (400) nor created: " + registered.brief());
            JsonHttp.Answer checked = JsonHttp.send("POST", servers + "/" + target.getKey() + "/health-check", attackerJwt, null,
                    Duration.ofSeconds(30), null);
            System.out.println("[security-e2e] H1 health check of " + target.getValue() + ": " + checked.brief());
            assertFalse(checked.body().contains("mng_"), "the health check's answer carries a token");
            if (checked.status() == 200) {
                assertFalse("up".equals(checked.json().path("health").path("status").asText()),
                        () -> "identity's admin-token path passed as a healthy MCP server: " + checked.brief());
            }
            assertEquals(200, stack.exchange(stack.demoAdminToken()).status(),
                    () -> "the demo admin token stopped working after a health check of " + target.getValue());
        }
        assertEquals(200, stack.exchange(stack.demoAdminToken()).status(), "the demo admin token still exchanges for a JWT");
    }

    // ---- helpers ----

    private static void callEchoTimes(GatewaySession session, String label, int times) {
        for (int i = 0; i < times; i++) {
            JsonNode response = session.call("alpha_echo", Map.of("text", label + "-" + i), CALL_TIMEOUT);
            assertTrue(response.has("result") && !response.path("result").path("isError").asBoolean(false),
                    () -> "an ordinary call failed: " + JsonHttp.abbreviated(response.toString()));
        }
    }

    private static long okCalls(String memberId) {
        return stack.toolCallsOf(memberId).stream().filter(event -> "ok".equals(event.path("data").path("status").asText())).count();
    }

    private static void assertAuditReady() {
        JsonHttp.Answer ready = JsonHttp.send("GET", SecurityStack.AUDIT + "/q/health/ready", null, null);
        assertEquals(200, ready.status(), () -> "audit readiness: " + ready.brief());
    }

    private static String envelope(String workspace, String memberId, String tool) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("server", "alpha");
        data.put("tool", tool);
        data.put("status", "ok");
        data.put("errorCode", null);
        data.put("latencyMs", 1);
        data.put("session", "f-rogue");
        data.put("clientIp", "127.0.0.1");
        data.put("tokenId", "f-rogue");
        data.put("memberId", memberId);
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("id", UUID.randomUUID().toString());
        envelope.put("type", "tool.called");
        envelope.put("time", Instant.now().truncatedTo(ChronoUnit.MICROS).toString());
        envelope.put("workspace", workspace);
        envelope.put("actor", memberId);
        envelope.put("data", data);
        return JsonHttp.write(envelope);
    }

    private static KafkaProducer<String, String> rogueProducer() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SecurityStack.KAFKA);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(2 * 1024 * 1024));
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "15000");
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(config);
    }

    /** A record of the dead-letter topic: its reason code and reason headers. */
    private record DeadLetter(String code, String reason) {
    }

    /** Reads the dead-letter topic from its beginning until a record for each of {@code sources} is found. */
    private static Map<String, DeadLetter> deadLetters(Set<String> sources, Duration timeout) throws InterruptedException {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SecurityStack.KAFKA);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        Map<String, DeadLetter> found = new HashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            List<PartitionInfo> partitions = List.of();
            while (partitions.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the dead-letter topic " + DEAD_LETTER_TOPIC + " does not exist after " + timeout.toSeconds() + " s");
                }
                partitions = consumer.partitionsFor(DEAD_LETTER_TOPIC, Duration.ofSeconds(5));
                if (partitions.isEmpty()) {
                    Thread.sleep(200);
                }
            }
            List<TopicPartition> assigned = partitions.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            while (found.size() < sources.size()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("dead letters for " + sources + " not found within " + timeout.toSeconds()
                            + " s; found " + found.keySet());
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    String source = header(record, SOURCE_HEADER);
                    if (sources.contains(source)) {
                        found.put(source, new DeadLetter(header(record, CODE_HEADER), header(record, REASON_HEADER)));
                    }
                }
            }
        }
        return found;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** audit's {@code audit.ingest.dead.lettered} counter per reason, from {@code /q/metrics}. */
    private static Map<String, Double> deadLetterCounts() {
        JsonHttp.Answer metrics = JsonHttp.getText(SecurityStack.AUDIT + "/q/metrics");
        assertEquals(200, metrics.status(), () -> "audit metrics: HTTP " + metrics.status());
        Map<String, Double> counts = new HashMap<>();
        Matcher line = DEAD_LETTER_METRIC.matcher(metrics.body());
        while (line.find()) {
            counts.merge(line.group(1), Double.parseDouble(line.group(2)), Double::sum);
        }
        return counts;
    }

    private static double increase(Map<String, Double> before, Map<String, Double> after, String reason) {
        return after.getOrDefault(reason, 0.0) - before.getOrDefault(reason, 0.0);
    }
}
