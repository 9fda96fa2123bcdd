package dev.gatehouse.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The run's settings: {@code --key=value} arguments, else {@code -Dbench.key=value} system
 * properties, else the defaults in the code. Every setting read is remembered with the value used,
 * so the report states exactly what was run.
 */
public final class Settings {

    private final Map<String, String> given;
    private final Map<String, String> used = new TreeMap<>();

    private Settings(Map<String, String> given) {
        this.given = given;
    }

    public static Settings parse(String... args) {
        Map<String, String> given = new HashMap<>();
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("bench."))
                .forEach(k -> given.put(k.substring("bench.".length()), System.getProperty(k)));
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("expected --key=value, got " + arg);
            }
            given.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        return new Settings(given);
    }

    public synchronized String string(String key, String fallback) {
        String value = given.getOrDefault(key, fallback);
        used.put(key, value);
        return value;
    }

    public int integer(String key, int fallback) {
        return Integer.parseInt(string(key, Integer.toString(fallback)).replace("_", ""));
    }

    public long longValue(String key, long fallback) {
        return Long.parseLong(string(key, Long.toString(fallback)).replace("_", ""));
    }

    public double decimal(String key, double fallback) {
        return Double.parseDouble(string(key, Double.toString(fallback)));
    }

    public Duration seconds(String key, double fallback) {
        return Duration.ofMillis((long) (decimal(key, fallback) * 1000));
    }

    public List<String> list(String key, String fallback) {
        return Arrays.stream(string(key, fallback).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** Every setting read so far, with the value used. */
    public synchronized Map<String, String> used() {
        return new TreeMap<>(used);
    }
}
