package dev.gatehouse.infra.local;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks a running supervisor to restart one part: an empty file {@code <home>/requests/restart-<part>}
 * ({@code kafka} or a service name). The supervisor's watch loop takes (deletes) each request and
 * restarts that part on its ports, data and settings; the state file then shows it {@code ready}
 * with a new process id. The fault tests use it after {@code kill -9} of Kafka or a service.
 */
public final class RestartRequests {

    private static final String PREFIX = "restart-";

    private RestartRequests() {
    }

    /** Files a request to restart {@code part} of the stack whose folder is {@code home}. */
    public static void request(Path home, String part) throws IOException {
        if (!part.matches("[a-z][a-z0-9-]{0,40}")) {
            throw new IllegalArgumentException("not a part name: " + part);
        }
        Path dir = folder(home);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(PREFIX + part), "");
    }

    /** The parts asked for since the last call; their requests are deleted. */
    static List<String> take(Path home) {
        Path dir = folder(home);
        List<String> parts = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return parts;
        }
        try (DirectoryStream<Path> requests = Files.newDirectoryStream(dir, PREFIX + "*")) {
            for (Path request : requests) {
                if (Files.deleteIfExists(request)) {
                    parts.add(request.getFileName().toString().substring(PREFIX.length()));
                }
            }
        } catch (IOException e) {
            LocalStack.say("gatehouse", "cannot read restart requests in " + dir + ": " + e.getMessage());
        }
        return parts;
    }

    private static Path folder(Path home) {
        return home.resolve("requests");
    }
}
