package dev.gatehouse.console.web;

import io.quarkus.qute.TemplateExtension;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * How pages write times and numbers: UTC to the second, "3 min ago", thousands separated; as
 * {@code {fmt:ago(token.lastUsedAt)}}, a namespace function, so that a null time ("never") is an
 * argument rather than a base object the template could not resolve.
 */
@TemplateExtension(namespace = "fmt")
public final class Formats {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private Formats() {
    }

    static String utc(Instant time) {
        return time == null ? "–" : UTC.format(time);
    }

    static String clock(Instant time) {
        return time == null ? "–" : CLOCK.format(time);
    }

    static String ago(Instant time) {
        if (time == null) {
            return "never";
        }
        Duration age = Duration.between(time, Instant.now());
        if (age.isNegative() || age.toSeconds() < 60) {
            return "just now";
        }
        if (age.toMinutes() < 60) {
            return age.toMinutes() + " min ago";
        }
        if (age.toHours() < 48) {
            return age.toHours() + " h ago";
        }
        return age.toDays() + " days ago";
    }

    /** A value for a query string. */
    static String query(String value) {
        return value == null ? "" : java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    static String grouped(Long number) {
        if (number == null) {
            return "–";
        }
        return String.format("%,d", number);
    }
}
