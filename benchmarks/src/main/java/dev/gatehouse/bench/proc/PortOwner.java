package dev.gatehouse.bench.proc;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Finds the process listening on a local TCP port: the socket's inode from {@code /proc/net/tcp}
 * (and tcp6), then the process holding a file descriptor on {@code socket:[inode]}. Works however
 * the service was started (bin/gatehouse, an IDE, by hand), which a pid file would not.
 */
public final class PortOwner {

    private static final String LISTEN = "0A";

    private PortOwner() {
    }

    public static OptionalLong pidListeningOn(int port) {
        String inode = listeningInode(port);
        if (inode == null) {
            return OptionalLong.empty();
        }
        String target = "socket:[" + inode + "]";
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path process : processes) {
                if (holds(process.resolve("fd"), target)) {
                    return OptionalLong.of(Long.parseLong(process.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }

    private static boolean holds(Path fds, String target) {
        try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(fds)) {
            for (Path fd : descriptors) {
                try {
                    if (target.equals(Files.readSymbolicLink(fd).toString())) {
                        return true;
                    }
                } catch (IOException | UnsupportedOperationException e) {
                    // descriptors come and go while we look; a vanished one is not ours
                }
            }
        } catch (IOException e) {
            // a process that exited or that we may not inspect
        }
        return false;
    }

    private static String listeningInode(int port) {
        String hexPort = ":" + String.format(Locale.ROOT, "%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
                    if (f.length > 9 && f[1].endsWith(hexPort) && LISTEN.equals(f[3])) {
                        return f[9];
                    }
                }
            } catch (IOException e) {
                // no IPv6 table on this machine
            }
        }
        return null;
    }
}
