package dev.gatehouse.infra.local;

import dev.gatehouse.infra.Ports;
import dev.gatehouse.infra.Postgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The supervisor of the local run, in a checkout where no service is built: it starts the real
 * infrastructure, reports it in the state file, stops all of it, and keeps the data for next time.
 */
class LocalStackTest {

    @TempDir
    Path root;

    @Test
    void startsReportsStopsAndKeepsData() throws Exception {
        StackLayout layout = new StackLayout(root, root.resolve(".gatehouse"));
        ServiceSettings.InfraPorts ports = new ServiceSettings.InfraPorts(Ports.free(), Ports.free(), Ports.free(), Ports.free());

        LocalStack stack = new LocalStack(layout, ports);
        try {
            assertTrue(stack.start());
            Map<String, List<String>> state = state(layout);
            for (String part : List.of("postgres", "kafka", "mcp-alpha", "mcp-beta")) {
                assertEquals("ready", state.get(part).get(1), part);
            }
            assertEquals("http://127.0.0.1:" + ports.demoBeta() + "/mcp", state.get("mcp-beta").get(4));
            for (String service : List.of("identity", "registry", "audit", "gateway")) {
                assertEquals("not-built", state.get(service).get(1), service);
            }
            try (Connection db = connect(ports); var statement = db.createStatement()) {
                statement.execute("create table kept (v text)");
                statement.execute("insert into kept values ('across restarts')");
            }
            assertTrue(Files.exists(layout.secrets().resolve("operator-credential")));
        } finally {
            stack.stop();
        }
        assertFalse(Files.exists(layout.state()));
        for (int port : List.of(ports.postgres(), ports.kafka(), ports.demoAlpha(), ports.demoBeta())) {
            assertFalse(Ports.isListening(port), "still listening on " + port);
        }

        LocalStack again = new LocalStack(layout, ports);
        try {
            assertTrue(again.start());
            try (Connection db = connect(ports); ResultSet rows = db.createStatement().executeQuery("select v from kept")) {
                assertTrue(rows.next());
                assertEquals("across restarts", rows.getString(1));
            }
        } finally {
            again.stop();
        }
    }

    @Test
    void refusesAPortThatIsTaken() throws Exception {
        StackLayout layout = new StackLayout(root, root.resolve(".gatehouse"));
        try (var taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            ServiceSettings.InfraPorts ports = new ServiceSettings.InfraPorts(taken.getLocalPort(), Ports.free(),
                    Ports.free(), Ports.free());
            LocalStack stack = new LocalStack(layout, ports);
            try {
                assertFalse(stack.start());
                assertEquals("failed", state(layout).get("postgres").get(1));
            } finally {
                stack.stop();
            }
        }
    }

    /** The state file's lines by part name: NAME STATUS PORT PID URL LOG. */
    private static Map<String, List<String>> state(StackLayout layout) throws Exception {
        return Files.readAllLines(layout.state()).stream()
                .filter(line -> !line.startsWith("#"))
                .map(line -> Arrays.asList(line.split(" ")))
                .collect(Collectors.toMap(List::getFirst, Function.identity()));
    }

    private static Connection connect(ServiceSettings.InfraPorts ports) throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + ports.postgres() + "/postgres",
                Postgres.USER, Postgres.PASSWORD);
    }
}
