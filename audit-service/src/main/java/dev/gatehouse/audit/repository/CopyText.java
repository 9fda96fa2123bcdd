package dev.gatehouse.audit.repository;

import java.time.Instant;

/**
 * Rows in PostgreSQL's COPY text format: columns separated by tabs, one row per line, {@code \N}
 * for null. Backslash, tab, newline and carriage return inside a value are escaped, so no value
 * can end its column or row early, whatever an event carries.
 */
final class CopyText {

    private final StringBuilder text;
    private boolean firstColumn = true;

    CopyText(int expectedRows) {
        text = new StringBuilder(expectedRows * 512);
    }

    CopyText value(String value) {
        separate();
        if (value == null) {
            text.append("\\N");
            return this;
        }
        for (int i = 0; i < value.length(); i++) {
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

    CopyText value(Long value) {
        return value(value == null ? null : value.toString());
    }

    CopyText value(long value) {
        separate();
        text.append(value);
        return this;
    }

    /** ISO 8601 in UTC, always with seconds (PostgreSQL reads it as a timestamptz). */
    CopyText value(Instant value) {
        return value(value.toString());
    }

    CopyText endRow() {
        text.append('\n');
        firstColumn = true;
        return this;
    }

    @Override
    public String toString() {
        return text.toString();
    }

    private void separate() {
        if (!firstColumn) {
            text.append('\t');
        }
        firstColumn = false;
    }
}
