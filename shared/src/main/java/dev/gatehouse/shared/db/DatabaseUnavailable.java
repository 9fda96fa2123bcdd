package dev.gatehouse.shared.db;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;
import java.util.Optional;

/**
 * Tells a database outage (PostgreSQL down or restarting, a connection lost, no connection within
 * the pool's acquisition timeout) apart from every other failure, so that REST layers can answer
 * 503 with Retry-After, which a client may retry, instead of 500.
 *
 * <p>The cause chain is walked because Hibernate, Panache and JTA wrap the driver's exception
 * (e.g. {@code JDBCConnectionException}, {@code PersistenceException}).
 */
public final class DatabaseUnavailable {

    /** What a 503 for an outage tells callers: about how long the pool needs to replace connections broken while PostgreSQL was away. */
    public static final int RETRY_AFTER_SECONDS = 5;

    /** Guards against cause cycles. */
    private static final int MAX_DEPTH = 32;

    private DatabaseUnavailable() {
    }

    /** The SQLException in {@code failure}'s cause chain that says the database is unavailable, if any. */
    public static Optional<SQLException> causeOf(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause()) {
            if (t instanceof SQLException sql && isOutage(sql)) {
                return Optional.of(sql);
            }
        }
        return Optional.empty();
    }

    public static boolean isCauseOf(Throwable failure) {
        return causeOf(failure).isPresent();
    }

    private static boolean isOutage(SQLException e) {
        if (e instanceof SQLTransientConnectionException) {
            return true;
        }
        String state = e.getSQLState();
        if (state != null) {
            // Class 08: connection exceptions (refused, lost, broken pipe). 57P01-57P03: PostgreSQL
            // is shutting down, crashed, or is not accepting connections yet (starting up).
            return state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03");
        }
        // Agroal's acquisition timeout ("Sorry, acquisition timeout!" in Agroal 3) carries no SQLState.
        String message = e.getMessage();
        return message != null && message.toLowerCase(Locale.ROOT).contains("acquisition timeout");
    }
}
