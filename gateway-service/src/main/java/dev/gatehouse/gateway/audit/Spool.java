package dev.gatehouse.gateway.audit;

import io.quarkus.logging.Log;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * An append-only file of serialised events, one JSON envelope per line, read back in order.
 *
 * <p>{@code events.ndjson} holds the lines; {@code events.offset} the byte position up to which
 * they were delivered, saved after every delivered batch, so a restart resends at most one batch
 * (consumers drop duplicates by event id). When everything is delivered both are emptied. An
 * exclusive lock on {@code .lock} keeps a second process away from the same directory.
 */
final class Spool implements AutoCloseable {

    private static final String DATA = "events.ndjson";
    private static final String OFFSET = "events.offset";

    private final Path data;
    private final Path offsetFile;
    private final long maxBytes;
    private FileChannel lockChannel;
    private FileLock lock;
    private OutputStream out;
    private long size;
    private long readOffset;
    private long pending;
    private String problem;

    Spool(Path dir, long maxBytes) {
        this.data = dir.resolve(DATA);
        this.offsetFile = dir.resolve(OFFSET);
        this.maxBytes = maxBytes;
        try {
            Files.createDirectories(dir);
            lockChannel = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lock = lockChannel.tryLock();
            if (lock == null) {
                problem = "spool directory " + dir + " is in use by another process";
                return;
            }
            out = Files.newOutputStream(data, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            size = Files.size(data);
            readOffset = Files.exists(offsetFile) ? Long.parseLong(Files.readString(offsetFile).strip()) : 0;
            terminateTornLine();
            pending = countLinesFrom(readOffset);
        } catch (IOException | OverlappingFileLockException | NumberFormatException e) {
            problem = "spool directory " + dir + " is unusable: " + e;
        }
        if (problem != null) {
            Log.errorf("Audit spool disabled: %s", problem);
        } else if (pending > 0) {
            Log.infof("Audit spool holds %d undelivered events from before; they will be sent", pending);
        }
    }

    /**
     * Appends lines (each one JSON envelope without line breaks).
     *
     * @return false when they could not be written: the spool is unusable or full
     */
    synchronized boolean append(List<String> lines) {
        if (problem != null) {
            return false;
        }
        byte[] bytes = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        if (size + bytes.length > maxBytes) {
            return false;
        }
        try {
            out.write(bytes);
            out.flush();
            size += bytes.length;
            pending += lines.size();
            return true;
        } catch (IOException e) {
            problem = "cannot write " + data + ": " + e.getMessage();
            Log.errorf("Audit spool disabled: %s", problem);
            return false;
        }
    }

    /** Up to {@code max} undelivered lines, oldest first, without consuming them. */
    synchronized List<String> peek(int max) throws IOException {
        List<String> lines = new ArrayList<>();
        if (pending == 0) {
            return lines;
        }
        try (FileChannel channel = FileChannel.open(data, StandardOpenOption.READ)) {
            channel.position(readOffset);
            BufferedReader reader = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
            String line;
            while (lines.size() < max && (line = reader.readLine()) != null) {
                lines.add(line);
            }
        }
        if (lines.isEmpty()) {
            // the file holds less than counted (changed behind our back): nothing left to deliver
            pending = 0;
        }
        return lines;
    }

    /** Marks the first {@code lines} of a {@link #peek} as delivered. */
    synchronized void commit(List<String> lines) throws IOException {
        for (String line : lines) {
            readOffset += line.getBytes(StandardCharsets.UTF_8).length + 1;
        }
        pending -= lines.size();
        if (pending == 0) {
            // everything delivered: start both files afresh so the spool never grows across outages
            try (FileChannel channel = FileChannel.open(data, StandardOpenOption.WRITE)) {
                channel.truncate(0);
            }
            size = 0;
            readOffset = 0;
        }
        Path temp = offsetFile.resolveSibling(OFFSET + ".tmp");
        Files.writeString(temp, Long.toString(readOffset));
        Files.move(temp, offsetFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    synchronized long pending() {
        return pending;
    }

    /** What is wrong with the spool, or null. */
    synchronized String problem() {
        if (problem != null) {
            return problem;
        }
        return size >= maxBytes ? "spool file is full (" + size + " bytes)" : null;
    }

    @Override
    public synchronized void close() {
        try {
            if (out != null) {
                out.close();
            }
            if (lock != null) {
                lock.release();
            }
            if (lockChannel != null) {
                lockChannel.close();
            }
        } catch (IOException e) {
            Log.warnf("Closing the audit spool: %s", e.getMessage());
        }
    }

    /** A crash can leave half a line; end it so the next append starts a line of its own. */
    private void terminateTornLine() throws IOException {
        if (size == 0) {
            return;
        }
        try (FileChannel channel = FileChannel.open(data, StandardOpenOption.READ)) {
            ByteBuffer last = ByteBuffer.allocate(1);
            channel.read(last, size - 1);
            if (last.get(0) != '\n') {
                out.write('\n');
                out.flush();
                size++;
            }
        }
    }

    private long countLinesFrom(long offset) throws IOException {
        long count = 0;
        try (FileChannel channel = FileChannel.open(data, StandardOpenOption.READ)) {
            channel.position(offset);
            BufferedReader reader = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
            while (reader.readLine() != null) {
                count++;
            }
        }
        return count;
    }
}
