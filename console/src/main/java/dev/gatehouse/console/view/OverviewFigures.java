package dev.gatehouse.console.view;

import dev.gatehouse.console.api.AuditApi;
import dev.gatehouse.console.api.AuditQuery;
import dev.gatehouse.console.api.Parallel;
import dev.gatehouse.console.session.Session;
import io.quarkus.qute.TemplateData;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The overview's numbers for the last 24 hours, from audit's summary (one per 2-hour bucket, asked
 * at once) and its count of blocked calls (audit counts them; none is transferred).
 */
@ApplicationScoped
public class OverviewFigures {

    static final int BUCKETS = 12;

    /** The figures, and the chart drawn from them. */
    @TemplateData
    public record Figures(long calls, long errors, long blocked, CallsChart chart) {
    }

    private final AuditApi audit;

    public OverviewFigures(AuditApi audit) {
        this.audit = audit;
    }

    public Figures last24Hours(Session session, String workspace) {
        Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
        Duration bucket = Duration.ofHours(24 / BUCKETS);
        Instant start = end.minus(Duration.ofHours(24));
        List<Instant> starts = new ArrayList<>();
        for (int i = 0; i < BUCKETS; i++) {
            starts.add(start.plus(bucket.multipliedBy(i)));
        }
        // the buckets and the blocked count at once: index BUCKETS is the blocked count
        List<Integer> parts = IntStream.rangeClosed(0, BUCKETS).boxed().toList();
        List<long[]> sums = Parallel.map(parts, i -> i < BUCKETS
                ? sum(session, workspace, starts.get(i), starts.get(i).plus(bucket))
                : new long[] {countBlocked(session, workspace, start, end), 0});
        List<Long> calls = new ArrayList<>();
        List<Long> errors = new ArrayList<>();
        for (int i = 0; i < BUCKETS; i++) {
            calls.add(sums.get(i)[0]);
            errors.add(sums.get(i)[1]);
        }
        long blocked = sums.get(BUCKETS)[0];
        return new Figures(calls.stream().mapToLong(Long::longValue).sum(), errors.stream().mapToLong(Long::longValue).sum(),
                blocked, CallsChart.of(starts, calls, errors, end));
    }

    private long[] sum(Session session, String workspace, Instant from, Instant to) {
        long calls = 0;
        long errors = 0;
        for (AuditApi.SummaryRow row : audit.summary(session, workspace, from, to, "tool")) {
            calls += row.calls();
            errors += row.errors();
        }
        return new long[] {calls, errors};
    }

    private long countBlocked(Session session, String workspace, Instant from, Instant to) {
        return audit.count(session, workspace, AuditQuery.toolCalls(from, to).withStatus("blocked"));
    }
}
