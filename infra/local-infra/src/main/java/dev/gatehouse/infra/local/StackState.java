package dev.gatehouse.infra.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code .gatehouse/state} file: one line per part, {@code NAME STATUS PORT PID URL LOG}
 * (a dash for an unknown field), rewritten whenever something changes; {@code bin/gatehouse}
 * reads it. Deleted when the stack stops.
 */
final class StackState {

    /** One part of the stack as the state file shows it. */
    record Part(String status, String port, long pid, String url, Path log) {
    }

    private final Path file;
    private final Map<String, Part> parts = new LinkedHashMap<>();
    private boolean deleted;

    StackState(Path file) {
        this.file = file;
    }

    synchronized void put(String name, String status, int port, long pid, String url, Path log) {
        parts.put(name, new Part(status, port > 0 ? Integer.toString(port) : "-", pid, url, log));
        write();
    }

    /** Changes a part's status, keeping the rest. */
    synchronized void status(String name, String status, long pid) {
        Part part = parts.get(name);
        if (part != null) {
            parts.put(name, new Part(status, part.port(), pid, part.url(), part.log()));
            write();
        }
    }

    synchronized String status(String name) {
        Part part = parts.get(name);
        return part == null ? "absent" : part.status();
    }

    /** Removes the file for good: the stack has stopped, later changes are not written. */
    synchronized void delete() {
        deleted = true;
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write() {
        if (deleted) {
            return;
        }
        StringBuilder text = new StringBuilder("# NAME STATUS PORT PID URL LOG\n");
        parts.forEach((name, part) -> text.append(String.join(" ", name, part.status(), part.port(),
                part.pid() > 0 ? Long.toString(part.pid()) : "-",
                part.url() == null ? "-" : part.url(),
                part.log() == null ? "-" : part.log().toString())).append('\n'));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temporary, text);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
