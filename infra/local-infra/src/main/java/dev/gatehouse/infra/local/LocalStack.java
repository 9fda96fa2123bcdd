package dev.gatehouse.infra.local;

import dev.gatehouse.infra.DemoMcpServer;
import dev.gatehouse.infra.KafkaBroker;
import dev.gatehouse.infra.ParentWatcher;
import dev.gatehouse.infra.Ports;
import dev.gatehouse.infra.Postgres;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The supervisor of the local run ({@code bin/gatehouse up}): starts PostgreSQL, Kafka, the two
 * demo MCP servers and every built service on loopback, seeds the demo workspace, then stays
 * running; stopping it (SIGTERM) stops everything in reverse order. Children exit with it even
 * when it is killed outright (they watch their standard input, see {@code ParentWatcher};
 * PostgreSQL has a watcher of its own, see {@code ParentBound}).
 *
 * <p>Usage: {@code LocalStack --root <checkout> [--home <checkout>/.gatehouse] [--exit-with-parent] [--skip <service>]...}.
 * Progress goes to standard output, one line per step; the last line is {@value #READY} or
 * {@value #FAILED}. With {@code --exit-with-parent} the supervisor stops everything and exits
 * when its standard input ends, i.e. when the process that started it dies (a test JVM);
 * {@code bin/gatehouse} leaves it out, since its supervisor outlives the shell. {@code --skip console}
 * leaves a service out (the console's browser tests run the console themselves, in their JVM).
 */
public final class LocalStack {

    static final String READY = "gatehouse: ready";
    static final String FAILED = "gatehouse: failed";

    private static final Duration SERVICE_START_TIMEOUT = Duration.ofSeconds(180);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final StackLayout layout;
    private final ServiceSettings.InfraPorts ports;
    private final StackState state;
    private final Deque<Runnable> stopActions = new ArrayDeque<>();
    private final Map<String, QuarkusService> services = new LinkedHashMap<>();
    private final List<String> skipped;
    private Postgres postgres;
    private KafkaBroker kafka;
    /** The placeholder values every service was started with; a restart uses them again. */
    private Map<String, String> serviceValues = Map.of();
    private volatile boolean stopping;

    LocalStack(StackLayout layout, ServiceSettings.InfraPorts ports) {
        this(layout, ports, List.of());
    }

    LocalStack(StackLayout layout, ServiceSettings.InfraPorts ports, List<String> skipped) {
        this.skipped = List.copyOf(skipped);
        this.layout = layout;
        this.ports = ports;
        this.state = new StackState(layout.state());
    }

    public static void main(String[] args) throws IOException {
        List<String> options = new ArrayList<>(List.of(args));
        boolean exitWithParent = options.remove("--exit-with-parent");
        List<String> skipped = new ArrayList<>();
        for (int i = options.indexOf("--skip"); i >= 0 && i + 1 < options.size(); i = options.indexOf("--skip")) {
            skipped.add(options.remove(i + 1));
            options.remove(i);
        }
        run(parse(options.toArray(String[]::new)), ServiceSettings.INFRA_PORTS, exitWithParent, skipped);
    }

    /** Starts the stack and supervises it until this JVM is stopped; exits the JVM when the start fails. */
    static void run(StackLayout layout, ServiceSettings.InfraPorts ports, boolean exitWithParent) throws IOException {
        run(layout, ports, exitWithParent, List.of());
    }

    private static void run(StackLayout layout, ServiceSettings.InfraPorts ports, boolean exitWithParent, List<String> skipped)
            throws IOException {
        if (exitWithParent) {
            // System.exit when the parent is gone: the shutdown hook below stops every part
            ParentWatcher.start();
        }
        Files.createDirectories(layout.home());
        try (FileChannel channel = FileChannel.open(layout.lock(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = channel.tryLock()) {
            if (lock == null) {
                System.out.println("another local stack is running from " + layout.home());
                System.out.println(FAILED);
                System.exit(3);
            }
            LocalStack stack = new LocalStack(layout, ports, skipped);
            Runtime.getRuntime().addShutdownHook(new Thread(stack::stop, "stack-shutdown"));
            if (!stack.start()) {
                System.out.println(FAILED);
                System.exit(1);
            }
            stack.watch();
        }
    }

    private static StackLayout parse(String[] args) {
        Path root = null;
        Path home = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--root" -> root = Path.of(args[i + 1]).toAbsolutePath().normalize();
                case "--home" -> home = Path.of(args[i + 1]).toAbsolutePath().normalize();
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (root == null) {
            throw new IllegalArgumentException("usage: LocalStack --root <checkout> [--home <folder>]");
        }
        return new StackLayout(root, home == null ? root.resolve(".gatehouse") : home);
    }

    /** Starts every part; false when PostgreSQL or Kafka failed (nothing can work without them). */
    boolean start() {
        state.put("supervisor", "running", 0, ProcessHandle.current().pid(), null, layout.log("supervisor"));
        LocalSecrets secrets = LocalSecrets.loadOrCreate(layout.secrets());
        if (!startPostgres() || !startKafka()) {
            return false;
        }
        startDemoServer("mcp-alpha", "alpha", ports.demoAlpha());
        startDemoServer("mcp-beta", "beta", ports.demoBeta());
        Map<String, String> values = placeholderValues(secrets);
        values.putAll(AuditAccounts.prepare(layout.secrets(), postgres));
        serviceValues = values;
        int failed = 0;
        for (ServiceSettings.Service service : ServiceSettings.SERVICES) {
            if (skipped.contains(service.name())) {
                say(service.name(), "skipped (--skip " + service.name() + ")");
                continue;
            }
            failed += startService(service, values) ? 0 : 1;
        }
        DemoSeeder.seedIfPossible(layout, secrets, ports, this::isReady, LocalStack::say);
        say("gatehouse", failed == 0 ? "all parts started" : failed + " service(s) failed; see above");
        System.out.println(READY);
        return true;
    }

    private boolean startPostgres() {
        int port = ports.postgres();
        if (!portFree("postgres", port)) {
            return false;
        }
        say("postgres", "starting on port " + port + " (data " + layout.data("postgres") + ")");
        try {
            postgres = Postgres.start(layout.data("postgres"), port, true, layout.log("postgres"));
        } catch (RuntimeException e) {
            return failed("postgres", layout.log("postgres"), e);
        }
        onStop(postgres::stop);
        state.put("postgres", "ready", port, postgres.postmasterPid(), postgres.jdbcUrl(), layout.log("postgres"));
        say("postgres", "ready: " + postgres.jdbcUrl());
        return true;
    }

    private boolean startKafka() {
        int port = ports.kafka();
        if (!portFree("kafka", port)) {
            return false;
        }
        say("kafka", "starting on port " + port + " (data " + layout.data("kafka") + ")");
        try {
            kafka = KafkaBroker.start(layout.data("kafka"), port);
        } catch (RuntimeException e) {
            return failed("kafka", layout.log("kafka"), e);
        } finally {
            linkLog("kafka", layout.data("kafka").resolve("kafka.log"));
        }
        onStop(kafka::stop);
        state.put("kafka", "ready", port, kafka.pid(), kafka.bootstrapServers(), layout.log("kafka"));
        say("kafka", "ready: " + kafka.bootstrapServers());
        return true;
    }

    private void startDemoServer(String name, String profile, int port) {
        if (!portFree(name, port)) {
            return;
        }
        say(name, "starting demo MCP server '" + profile + "' on port " + port);
        try {
            DemoMcpServer server = DemoMcpServer.start(profile, port, layout.log(name));
            onStop(server::stop);
            state.put(name, "ready", port, server.pid(), server.url(), layout.log(name));
            say(name, "ready: " + server.url());
        } catch (RuntimeException e) {
            failed(name, layout.log(name), e);
        }
    }

    private boolean startService(ServiceSettings.Service service, Map<String, String> values) {
        Path jar = layout.root().resolve(service.module()).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            say(service.name(), "skipped: not built (" + layout.root().relativize(jar) + " is missing)");
            state.put(service.name(), "not-built", service.port(), 0, null, null);
            return true;
        }
        if (!portFree(service.name(), service.port())) {
            return false;
        }
        Map<String, String> own = new LinkedHashMap<>(values);
        own.put("data", layout.data(service.name()).toString());
        Path log = layout.log(service.name());
        say(service.name(), "starting on port " + service.port());
        QuarkusService process;
        try {
            process = QuarkusService.start(service.name(), jar, service.port(),
                    ServiceSettings.resolve(service, own), layout.run(service.name()), log);
        } catch (RuntimeException e) {
            return failed(service.name(), log, e);
        }
        services.put(service.name(), process);
        onStop(() -> process.stop(Duration.ofSeconds(30)));
        String url = "http://127.0.0.1:" + service.port();
        state.put(service.name(), "starting", service.port(), process.pid(), url, log);
        try {
            process.awaitReady(SERVICE_START_TIMEOUT);
        } catch (RuntimeException e) {
            state.status(service.name(), "failed", process.isAlive() ? process.pid() : 0);
            return failed(service.name(), log, e);
        }
        state.status(service.name(), "ready", process.pid());
        say(service.name(), "ready: " + url);
        return true;
    }

    private boolean isReady(String service) {
        QuarkusService process = services.get(service);
        return process != null && "ready".equals(state.status(service)) && process.isReady();
    }

    private Map<String, String> placeholderValues(LocalSecrets secrets) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("jdbcUrl", postgres.jdbcUrl());
        values.put("dbUser", Postgres.USER);
        values.put("dbPassword", Postgres.PASSWORD);
        values.put("kafka", kafka.bootstrapServers());
        for (ServiceSettings.Service service : ServiceSettings.SERVICES) {
            values.put(service.name() + "Url", "http://127.0.0.1:" + service.port());
        }
        values.put("jwtPrivateKey", secrets.jwtPrivateKey().toString());
        values.put("jwtPublicKey", secrets.jwtPublicKey().toString());
        values.put("jwtKeyId", LocalSecrets.JWT_KEY_ID);
        values.put("operatorCredential", secrets.operatorCredential());
        values.put("registryEncryptionKey", secrets.registryEncryptionKey());
        values.put("gatewaySessionKey", secrets.gatewaySessionKey());
        values.put("serviceAuthKeys", secrets.serviceAuthKeys().toString());
        return values;
    }

    /** Keeps the state file true while we run: a service that dies is shown as exited. */
    private void watch() {
        while (!stopping) {
            RestartRequests.take(layout.home()).forEach(this::restart);
            services.forEach((name, process) -> {
                if (!stopping && !process.isAlive() && "ready".equals(state.status(name))) {
                    state.status(name, "exited", 0);
                    say(name, "exited unexpectedly; log " + layout.log(name));
                }
            });
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Restarts {@code part} ({@code kafka} or a service) on its ports, data and settings, stopping it
     * first if it still runs; asked for through {@link RestartRequests} (fault tests kill a part,
     * then bring it back). The state file shows the outcome.
     */
    synchronized void restart(String part) {
        if (stopping) {
            return;
        }
        say(part, "restarting on request");
        if ("kafka".equals(part) && kafka != null) {
            try {
                kafka.stop();
                kafka.start();
                state.put("kafka", "ready", ports.kafka(), kafka.pid(), kafka.bootstrapServers(), layout.log("kafka"));
                say("kafka", "restarted: " + kafka.bootstrapServers());
            } catch (RuntimeException e) {
                failed("kafka", layout.log("kafka"), e);
            }
            return;
        }
        ServiceSettings.SERVICES.stream().filter(service -> service.name().equals(part)).findFirst().ifPresentOrElse(
                service -> {
                    QuarkusService old = services.get(part);
                    if (old != null && old.isAlive()) {
                        old.stop(Duration.ofSeconds(30));
                    }
                    startService(service, serviceValues);
                },
                () -> say(part, "cannot restart: not kafka and not a service"));
    }

    /**
     * Remembers how to stop a part that just started; stops it at once when {@link #stop()} has
     * already run (the shutdown hook runs while {@link #start()} may still be starting parts).
     */
    private void onStop(Runnable action) {
        synchronized (this) {
            if (!stopping) {
                stopActions.push(action);
                return;
            }
        }
        action.run();
    }

    /** Stops everything in reverse start order (services, MCP servers, Kafka, PostgreSQL). */
    synchronized void stop() {
        stopping = true;
        if (stopActions.isEmpty()) {
            state.delete();
            return;
        }
        say("gatehouse", "stopping");
        while (!stopActions.isEmpty()) {
            try {
                stopActions.pop().run();
            } catch (RuntimeException e) {
                say("gatehouse", "while stopping: " + e.getMessage());
            }
        }
        state.delete();
        say("gatehouse", "stopped");
    }

    private boolean portFree(String part, int port) {
        if (Ports.isListening(port)) {
            say(part, "FAILED: port " + port + " is already in use by another program");
            state.put(part, "failed", port, 0, null, null);
            return false;
        }
        return true;
    }

    private boolean failed(String part, Path log, RuntimeException e) {
        say(part, "FAILED: " + e.getMessage());
        say(part, "log: " + log);
        state.status(part, "failed", 0);
        if ("absent".equals(state.status(part))) {
            state.put(part, "failed", 0, 0, null, log);
        }
        return false;
    }

    /** Puts a link in the logs folder to a log that lives elsewhere, so all logs are in one place. */
    private void linkLog(String part, Path target) {
        Path link = layout.log(part);
        try {
            if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(link.getParent());
                Files.createSymbolicLink(link, target);
            }
        } catch (IOException | UnsupportedOperationException e) {
            say(part, "log: " + target);
        }
    }

    static void say(String part, String message) {
        System.out.printf("%s  %-10s %s%n", LocalTime.now().format(CLOCK), part, message);
        System.out.flush();
    }
}
