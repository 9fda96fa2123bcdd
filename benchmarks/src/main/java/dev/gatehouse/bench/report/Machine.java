package dev.gatehouse.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The machine a run measured: results mean little without it. */
public record Machine(int cores, double memoryGib, String cpu, String jdk, String os, String date) {

    public static Machine current() {
        return new Machine(Runtime.getRuntime().availableProcessors(), totalMemoryGib(), cpuModel(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version"),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    }

    private static double totalMemoryGib() {
        return procLine(Path.of("/proc/meminfo"), "MemTotal:")
                .map(v -> Math.round(Long.parseLong(v.replace("kB", "").trim()) / 1024.0 / 1024.0 * 10) / 10.0)
                .orElse(0.0);
    }

    private static String cpuModel() {
        return procLine(Path.of("/proc/cpuinfo"), "model name").map(v -> v.replaceFirst("^\\s*:\\s*", "")).orElse("unknown");
    }

    private static java.util.Optional<String> procLine(Path file, String prefix) {
        try (var lines = Files.lines(file)) {
            return lines.filter(l -> l.startsWith(prefix)).findFirst().map(l -> l.substring(prefix.length()).trim());
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }
}
