package dev.gatehouse.audit.repository;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Streams rows to a {@code COPY ... FROM STDIN} in PostgreSQL's text format: columns separated by
 * tabs, one row per line, {@code \N} for null. Backslash, tab, newline and carriage return inside
 * a value are escaped, so no value can end its column or row early, whatever an event carries.
 *
 * <p>Rows are sent in chunks as they are written, so PostgreSQL stores the first rows of a batch
 * while the later ones are still being built: the two cores work at the same time.
 */
final class CopyWriter implements AutoCloseable {

    private static final int CHUNK = 64 * 1024;

    private final CopyIn copy;
    private final StringBuilder text = new StringBuilder(CHUNK + 4096);
    private boolean firstColumn = true;

    private CopyWriter(CopyIn copy) {
        this.copy = copy;
    }

    static CopyWriter open(Connection connection, String copySql) throws SQLException {
        return new CopyWriter(connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql));
    }

    CopyWriter value(String value) {
        separate();
        if (value == null) {
            text.append("\\N");
            return this;
        }
        int first = firstToEscape(value);
        if (first < 0) {
            text.append(value);
            return this;
        }
        text.append(value, 0, first);
        for (int i = first; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> text.append("\\\\");
                case '\t' -> text.append("\\t");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                default -> text.append(c);
            }
        }
        return this;
    }

    CopyWriter value(Long value) {
        return value(value == null ? null : value.toString());
    }

    CopyWriter value(long value) {
        separate();
        text.append(value);
        return this;
    }

    /** ISO 8601 in UTC, always with seconds (PostgreSQL reads it as a timestamptz). */
    CopyWriter value(Instant value) {
        return value(value.toString());
    }

    /** Ends the row; sends the rows written so far once they fill a chunk (a row is never split). */
    void endRow() throws SQLException {
        text.append('\n');
        firstColumn = true;
        if (text.length() >= CHUNK) {
            send();
        }
    }

    /** Sends what is left and ends the COPY; PostgreSQL's verdict on every row arrives here at the latest. */
    void finish() throws SQLException {
        send();
        copy.endCopy();
    }

    /** A COPY not finished (an exception on the way) is cancelled, so the connection can roll back. */
    @Override
    public void close() throws SQLException {
        if (copy.isActive()) {
            copy.cancelCopy();
        }
    }

    private void send() throws SQLException {
        if (!text.isEmpty()) {
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
            text.setLength(0);
        }
    }

    /** Most values need no escape; they are appended whole (char by char was the ingest's top cost). */
    private static int firstToEscape(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' || c == '\t' || c == '\n' || c == '\r') {
                return i;
            }
        }
        return -1;
    }

    private void separate() {
        if (!firstColumn) {
            text.append('\t');
        }
        firstColumn = false;
    }
}
