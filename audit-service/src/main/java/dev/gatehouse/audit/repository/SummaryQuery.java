package dev.gatehouse.audit.repository;

import dev.gatehouse.audit.EventFilter;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Tool-call statistics per tool or per member, computed by PostgreSQL over the time range. */
@ApplicationScoped
public class SummaryQuery {

    /** What the statistics are grouped by. */
    public enum By { TOOL, MEMBER }

    /**
     * One group's statistics.
     *
     * @param server null when grouped by member
     * @param tool   null when grouped by member
     * @param member null when grouped by tool
     * @param errors calls whose status is anything but {@code ok}
     */
    public record Row(String server, String tool, String member, long calls, long errors, Double p50LatencyMs,
                      Double p95LatencyMs) {
    }

    private final AgroalDataSource dataSource;

    public SummaryQuery(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public List<Row> summarise(EventFilter range, By by) throws SQLException {
        String keys = by == By.TOOL ? "server, tool" : "member_id";
        Sql sql = new Sql("""
                select %s, count(*), count(*) filter (where status is distinct from 'ok'),
                       percentile_cont(0.5) within group (order by latency_ms),
                       percentile_cont(0.95) within group (order by latency_ms)
                from audit.events where workspace = ? and type = 'tool.called'""".formatted(keys), range.workspace());
        EventQueries.where(sql, range);
        sql.append(" group by " + keys + " order by " + keys);
        List<Row> result = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = sql.prepare(connection);
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                int i = by == By.TOOL ? 3 : 2;
                result.add(new Row(by == By.TOOL ? rows.getString(1) : null, by == By.TOOL ? rows.getString(2) : null,
                        by == By.MEMBER ? rows.getString(1) : null, rows.getLong(i), rows.getLong(i + 1),
                        rows.getObject(i + 2, Double.class), rows.getObject(i + 3, Double.class)));
            }
        }
        return result;
    }
}
