package dev.gatehouse.shared.db;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatabaseUnavailableTest {

    @Test
    void connectionExceptionsAreOutagesEvenWhenWrapped() {
        SQLException refused = new SQLException("Connection to 127.0.0.1:5432 refused.", "08001");
        RuntimeException wrapped = new RuntimeException("Unable to acquire JDBC Connection",
                new IllegalStateException(refused));
        assertSame(refused, DatabaseUnavailable.causeOf(wrapped).orElseThrow());
        assertTrue(DatabaseUnavailable.isCauseOf(new SQLException("An I/O error occurred", "08006")));
        assertTrue(DatabaseUnavailable.isCauseOf(new SQLTransientConnectionException("gone")));
    }

    @Test
    void postgresqlShuttingDownOrStartingUpIsAnOutage() {
        assertTrue(DatabaseUnavailable.isCauseOf(new SQLException("terminating connection due to administrator command", "57P01")));
        assertTrue(DatabaseUnavailable.isCauseOf(new SQLException("the database system is starting up", "57P03")));
    }

    @Test
    void agroalsAcquisitionTimeoutIsAnOutage() {
        assertTrue(DatabaseUnavailable.isCauseOf(new RuntimeException(new SQLException("Sorry, acquisition timeout!"))));
    }

    @Test
    void otherFailuresAreNot() {
        assertFalse(DatabaseUnavailable.isCauseOf(new SQLException("duplicate key value", "23505")));
        assertFalse(DatabaseUnavailable.isCauseOf(new SQLException("syntax error", "42601")));
        assertFalse(DatabaseUnavailable.isCauseOf(new SQLException("no state")));
        assertFalse(DatabaseUnavailable.isCauseOf(new IllegalStateException("bug")));
        assertFalse(DatabaseUnavailable.isCauseOf(null));
    }

    @Test
    void aCauseCycleEnds() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertFalse(DatabaseUnavailable.isCauseOf(a));
    }
}
