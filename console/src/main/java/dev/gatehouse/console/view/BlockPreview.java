package dev.gatehouse.console.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.console.api.AuditApi;
import dev.gatehouse.console.api.AuditQuery;
import dev.gatehouse.console.session.Session;
import dev.gatehouse.shared.access.TokenKind;
import dev.gatehouse.shared.access.ToolAccess;
import io.quarkus.qute.TemplateData;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * "What would enforcement have blocked?": replays the last {@value #DAYS} days of tool calls from
 * the audit trail (streamed export, constant memory per member and tool) through the gateway's own
 * rule, {@link ToolAccess#isAllowed}, as if enforcement had been on with each member's current
 * rules.
 */
@ApplicationScoped
public class BlockPreview {

    static final int DAYS = 7;
    private static final int TOP = 5;

    /** One member's replay: calls made, calls the rules would refuse, the most refused tools. */
    @TemplateData
    public record MemberPreview(String memberId, String name, int rules, long calls, long blocked, List<Blocked> top) {
    }

    /** A {@code server:tool} the rules would refuse, and how often it was called. */
    @TemplateData
    public record Blocked(String rule, long calls) {
    }

    /** The replay of every member, and the window it covered. */
    @TemplateData
    public record Result(Instant from, Instant to, List<MemberPreview> members, long calls, long blocked) {
    }

    /** A member with an active token and the rules that token has now. */
    public record Member(String memberId, String name, List<String> rules) {
    }

    private final AuditApi audit;
    private final ObjectMapper json;

    public BlockPreview(AuditApi audit, ObjectMapper json) {
        this.audit = audit;
        this.json = json;
    }

    public Result run(Session session, String workspace, List<Member> members) {
        Instant to = Instant.now();
        Instant from = to.minus(Duration.ofDays(DAYS));
        Map<String, Tally> tallies = new LinkedHashMap<>();
        members.forEach(member -> tallies.put(member.memberId(), new Tally(member)));
        try (InputStream export = audit.export(session, workspace, AuditQuery.toolCalls(from, to), "ndjson");
             BufferedReader lines = new BufferedReader(new InputStreamReader(export, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (!line.isBlank()) {
                    count(json.readTree(line).path("data"), tallies);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the audit export broke off", e);
        }
        List<MemberPreview> previews = tallies.values().stream().map(Tally::preview)
                .sorted(Comparator.comparingLong(MemberPreview::blocked).reversed().thenComparing(MemberPreview::memberId))
                .toList();
        return new Result(from, to, previews, previews.stream().mapToLong(MemberPreview::calls).sum(),
                previews.stream().mapToLong(MemberPreview::blocked).sum());
    }

    private static void count(JsonNode data, Map<String, Tally> tallies) {
        Tally tally = tallies.get(data.path("memberId").asText(""));
        String server = data.path("server").asText(null);
        String tool = data.path("tool").asText(null);
        if (tally == null || server == null || tool == null) {
            return; // not a current member's call, or a tool no server serves (refused whatever the rules)
        }
        tally.calls++;
        if (!ToolAccess.isAllowed(TokenKind.MEMBER, true, tally.member.rules(), server, tool)) {
            tally.blocked.merge(server + ":" + tool, 1L, Long::sum);
        }
    }

    private static final class Tally {
        private final Member member;
        private final Map<String, Long> blocked = new HashMap<>();
        private long calls;

        private Tally(Member member) {
            this.member = member;
        }

        private MemberPreview preview() {
            List<Blocked> top = new ArrayList<>();
            blocked.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .limit(TOP)
                    .forEach(entry -> top.add(new Blocked(entry.getKey(), entry.getValue())));
            return new MemberPreview(member.memberId(), member.name(), member.rules().size(), calls,
                    blocked.values().stream().mapToLong(Long::longValue).sum(), top);
        }
    }
}
