package dev.gatehouse.bench.proc;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * CPU time and memory of a Linux process, read from {@code /proc/<pid>/stat} and
 * {@code /proc/<pid>/status}.
 */
public final class ProcStats {

    /** USER_HZ: the unit of utime/stime in /proc/pid/stat; 100 on every Linux ABI the JDK runs on. */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcStats() {
    }

    /** User plus system CPU seconds the process has used so far; empty once it has exited. */
    public static OptionalLong cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name (field 2) may contain spaces: count fields after its closing parenthesis
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return OptionalLong.of(Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    public static double ticksToSeconds(long ticks) {
        return ticks / TICKS_PER_SECOND;
    }

    /** Current resident set size in KiB ({@code VmRSS}); empty once the process has exited. */
    public static OptionalLong rssKib(long pid) {
        return statusField(pid, "VmRSS:");
    }

    /** Peak resident set size since the process started, in KiB ({@code VmHWM}). */
    public static OptionalLong peakRssKib(long pid) {
        return statusField(pid, "VmHWM:");
    }

    private static OptionalLong statusField(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field)) {
                    return OptionalLong.of(Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]));
                }
            }
            return OptionalLong.empty();
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** The process and all its descendants (PostgreSQL works in child processes of its postmaster). */
    public static List<Long> tree(long root) {
        Map<Long, List<Long>> children = new HashMap<>();
        try (DirectoryStream<Path> all = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path process : all) {
                try {
                    String stat = Files.readString(process.resolve("stat"));
                    long parent = Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
                    children.computeIfAbsent(parent, k -> new ArrayList<>()).add(Long.parseLong(process.getFileName().toString()));
                } catch (IOException | RuntimeException e) {
                    // exited while we looked
                }
            }
        } catch (IOException e) {
            return List.of(root);
        }
        List<Long> tree = new ArrayList<>();
        Deque<Long> todo = new ArrayDeque<>(List.of(root));
        while (!todo.isEmpty()) {
            long pid = todo.pop();
            tree.add(pid);
            todo.addAll(children.getOrDefault(pid, List.of()));
        }
        return tree;
    }

    /** The process's command line, NUL-separated arguments joined with spaces (for the report). */
    public static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"))).replace('\0', ' ').trim();
        } catch (IOException e) {
            return "";
        }
    }
}
