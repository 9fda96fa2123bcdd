package dev.gatehouse.console.view;

import dev.gatehouse.console.api.AuditQuery;
import dev.gatehouse.shared.access.AllowlistRule;
import io.quarkus.qute.TemplateData;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * The audit page's filters as typed (times are the browser's {@code datetime-local}, read as UTC),
 * checked before audit is asked, and written back into links (paging, detail, export).
 */
@TemplateData
public record AuditFilter(String type, String member, String server, String tool, String status, String from, String to) {

    public static final List<String> STATUSES = List.of("ok", "tool_error", "blocked", "failed", "timeout", "rate_limited");
    public static final List<String> TYPES = List.of("tool.called", "audit.read", "server.added", "server.updated",
            "server.removed", "server.health_checked", "token.created", "token.revoked", "token.rotated",
            "allowlist.updated", "enforcement.changed", "workspace.created", "workspace.updated", "workspace.deleted",
            "workspace.tokens_revoked");

    private static final Pattern MEMBER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}");
    private static final Set<String> KNOWN_TYPES = Set.copyOf(TYPES);

    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (present(type) && !KNOWN_TYPES.contains(type)) {
            problems.add("Type: pick one from the list.");
        }
        if (present(member) && !MEMBER.matcher(member).matches()) {
            problems.add("Member: a member id such as alice (letters, digits, . _ @ + -).");
        }
        if (present(server) && !AllowlistRule.SERVER_SLUG.matcher(server).matches()) {
            problems.add("Server: a server slug such as github-mcp.");
        }
        if (present(tool) && !AllowlistRule.isToolName(tool)) {
            problems.add("Tool: a tool name as the server calls it (letters, digits, _ - .), without the prefix.");
        }
        if (present(status) && !STATUSES.contains(status)) {
            problems.add("Status: pick one from the list.");
        }
        Instant fromTime = time(from);
        Instant toTime = time(to);
        if (present(from) && fromTime == null) {
            problems.add("From: a date and time from 1970 to 9999, e.g. 2026-12-01 09:00.");
        }
        if (present(to) && toTime == null) {
            problems.add("To: a date and time from 1970 to 9999, e.g. 2026-12-02 18:00.");
        }
        if (fromTime != null && toTime != null && !fromTime.isBefore(toTime)) {
            problems.add("From must be before To.");
        }
        return problems;
    }

    public AuditQuery query() {
        return new AuditQuery(blankToNull(type), blankToNull(member), blankToNull(server), blankToNull(tool),
                blankToNull(status), time(from), time(to));
    }

    /** The filters as a query string for links, without {@code ?}; empty when none is set. */
    public String link() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("type", type);
        values.put("member", member);
        values.put("server", server);
        values.put("tool", tool);
        values.put("status", status);
        values.put("from", from);
        values.put("to", to);
        StringJoiner query = new StringJoiner("&");
        values.forEach((name, value) -> {
            if (present(value)) {
                query.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        });
        return query.toString();
    }

    public boolean any() {
        return !link().isEmpty();
    }

    static Instant time(String value) {
        if (!present(value) || value.length() > 40) {
            return null;
        }
        try {
            LocalDateTime time = LocalDateTime.parse(value.strip().replace(' ', 'T'));
            // the trail's database keeps years up to 294276 only; no event is from before 1970 or after 9999
            return time.getYear() >= 1970 && time.getYear() <= 9999 ? time.toInstant(ZoneOffset.UTC) : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static String blankToNull(String value) {
        return present(value) ? value.strip() : null;
    }
}
