package dev.gatehouse.console;

import dev.gatehouse.infra.ParentBound;
import dev.gatehouse.infra.Ports;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium and chromedriver for the browser tests, installed when missing and possible
 * (root and apt-get, bounded by a timeout), the way the build starts PostgreSQL and Kafka by
 * itself. Where they cannot be had, {@link #find()} says why and the tests are skipped with that
 * message. chromedriver runs under {@link ParentBound}, so it and every Chromium it starts die
 * with this JVM, {@code kill -9} included.
 */
final class Chromium {

    static final Path BROWSER = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final long INSTALL_TIMEOUT_SECONDS = 300;

    private static String unavailable;

    private Chromium() {
    }

    /** Empty when Chromium and chromedriver are there (installed now if need be); otherwise why not. */
    static synchronized Optional<String> find() {
        if (Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER)) {
            return Optional.empty();
        }
        if (unavailable == null) {
            unavailable = install();
        }
        return Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER) ? Optional.empty() : Optional.of(unavailable);
    }

    /** Skips the calling test class where Chromium cannot be had, with the reason printed. */
    static void assumeAvailable() {
        Optional<String> missing = find();
        missing.ifPresent(reason -> System.out.println("[console] SKIPPING the browser tests: " + reason));
        Assumptions.assumeTrue(missing.isEmpty(), () -> "browser tests skipped: " + missing.get());
    }

    private static String install() {
        if (!"root".equals(System.getProperty("user.name")) || !Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            return "Chromium and chromedriver are not installed (/usr/bin/chromium, /usr/bin/chromedriver), and this"
                    + " build cannot install them (needs root and apt-get): apt-get install chromium chromium-driver";
        }
        System.out.println("[console] installing Chromium and chromedriver: apt-get install -y chromium chromium-driver"
                + " (at most " + INSTALL_TIMEOUT_SECONDS + " s)");
        try {
            Path log = Files.createTempFile("apt-chromium", ".log");
            // a fresh machine has no package lists yet: update when the first try cannot find the packages
            ProcessBuilder builder = new ProcessBuilder(ParentBound.command(List.of("sh", "-c",
                    "apt-get install -y chromium chromium-driver || (apt-get update && apt-get install -y chromium chromium-driver)")))
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("DEBIAN_FRONTEND", "noninteractive"); // never a debconf question
            Process apt = builder.start();
            apt.getOutputStream(); // the pipe ParentBound watches stays open while we wait
            if (!apt.waitFor(INSTALL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                apt.destroy();
                return "apt-get did not install Chromium within " + INSTALL_TIMEOUT_SECONDS + " s (log " + log + ")";
            }
            return apt.exitValue() == 0 ? "installed" : "apt-get install chromium chromium-driver failed (log " + log + ")";
        } catch (IOException e) {
            return "could not run apt-get: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while installing Chromium";
        }
    }

    /** A running chromedriver on a free loopback port, tied to this JVM. */
    record Driver(Process process, int port) implements AutoCloseable {

        static Driver start(Path log) throws IOException, InterruptedException {
            int port = Ports.free();
            Process process = new ProcessBuilder(ParentBound.command(List.of(DRIVER.toString(), "--port=" + port,
                    "--allowed-ips=127.0.0.1", "--log-path=" + log)))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!Ports.isListening(port)) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException("chromedriver did not listen on port " + port + " within 20 s (log " + log + ")");
                }
                Thread.sleep(100);
            }
            return new Driver(process, port);
        }

        /** Closing our end of its input makes ParentBound stop chromedriver and every Chromium under it. */
        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
