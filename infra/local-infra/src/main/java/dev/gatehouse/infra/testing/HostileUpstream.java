package dev.gatehouse.infra.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A misbehaving "MCP server" for faults a real one cannot be made to show: endless SSE lines,
 * giant bodies, huge error pages, an initialize that never answers, error pages that carry a
 * secret. It answers {@code initialize} and notifications like an MCP server and misbehaves where
 * its path says: {@code /<mode>/mcp}. Test-only; loopback, a free port. Shared by the gateway's
 * and the registry's bounds tests.
 */
public final class HostileUpstream implements AutoCloseable {

    public static final String SECRET = "mng_" + "5ec7e7".repeat(8);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long STREAM_LIMIT = 512L * 1024 * 1024;

    private final HttpServer http;
    private final AtomicLong bytesSent = new AtomicLong();
    private final Queue<String> hosts = new ConcurrentLinkedQueue<>();
    private final Queue<String> paths = new ConcurrentLinkedQueue<>();

    private HostileUpstream() {
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        http.createContext("/", this::handle);
        http.start();
    }

    public static HostileUpstream start() {
        return new HostileUpstream();
    }

    /** The endpoint of a mode, e.g. {@code http://127.0.0.1:PORT/endless-sse-line/mcp}. */
    public String url(String mode) {
        return "http://127.0.0.1:" + port() + "/" + mode + "/mcp";
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /** Host headers received, in order. */
    public List<String> hosts() {
        return List.copyOf(hosts);
    }

    /** Request paths received, in order. */
    public List<String> paths() {
        return List.copyOf(paths);
    }

    public long bytesSent() {
        return bytesSent.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            hosts.add(String.valueOf(exchange.getRequestHeaders().getFirst("Host")));
            paths.add(exchange.getRequestURI().getPath());
            String mode = exchange.getRequestURI().getPath().split("/")[1];
            if (mode.equals("admin-token")) {
                // what identity's unauthenticated admin-token endpoint used to answer: a fresh token
                send(exchange, 201, "application/json", "{\"id\":\"t1\",\"token\":\"" + SECRET + "\"}");
                return;
            }
            if (!exchange.getRequestMethod().equals("POST")) {
                send(exchange, 405, "text/plain", "");
                return;
            }
            JsonNode message = JSON.readTree(exchange.getRequestBody().readAllBytes());
            String method = message.path("method").asText();
            JsonNode id = message.get("id");
            if (id == null) {
                send(exchange, 202, "text/plain", "");
                return;
            }
            switch (mode) {
                case "silent-initialize" -> silence(exchange);
                case "secret-error" -> send(exchange, 401, "application/json",
                        "{\"error\":\"unauthorized\",\"hint\":\"" + SECRET + "\"}");
                case "huge-500" -> endless(exchange, 500, "text/html", "<html>" + SECRET, "x");
                default -> {
                    if (method.equals("initialize")) {
                        send(exchange, 200, "application/json", "{\"jsonrpc\":\"2.0\",\"id\":" + id
                                + ",\"result\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{\"tools\":{}},"
                                + "\"serverInfo\":{\"name\":\"hostile\",\"version\":\"1\"}}}");
                    } else {
                        misbehave(exchange, mode, id);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // the client hung up on us: exactly what a bounded client should do
        }
    }

    private void misbehave(HttpExchange exchange, String mode, JsonNode id) throws IOException {
        switch (mode) {
            case "endless-sse-line" -> endless(exchange, 200, "text/event-stream", "data: ", "A");
            case "endless-sse-event" -> endless(exchange, 200, "text/event-stream", "", "data: " + "B".repeat(1000) + "\n");
            case "giant-json" -> endless(exchange, 200, "application/json",
                    "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{\"tools\":[", "{\"name\":\"t\",\"inputSchema\":{}},");
            case "million-tools" -> millionTools(exchange, id);
            default -> send(exchange, 200, "application/json", "{\"jsonrpc\":\"2.0\",\"id\":" + id
                    + ",\"result\":{\"tools\":[{\"name\":\"ok\",\"inputSchema\":{\"type\":\"object\"}}]}}");
        }
    }

    /** One tools/list page of 10^6 small tools (about 40 MB), with Content-Length. */
    private void millionTools(HttpExchange exchange, JsonNode id) throws IOException {
        byte[] head = ("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{\"tools\":[").getBytes(StandardCharsets.UTF_8);
        byte[] tool = "{\"name\":\"t0000000\",\"inputSchema\":{}},".getBytes(StandardCharsets.UTF_8);
        byte[] tail = "{\"name\":\"last\",\"inputSchema\":{}}]}}".getBytes(StandardCharsets.UTF_8);
        long length = head.length + (long) tool.length * 999_999 + tail.length;
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, length);
        OutputStream out = exchange.getResponseBody();
        out.write(head);
        byte[] chunk = new byte[tool.length * 1000];
        for (int i = 0; i < 1000; i++) {
            System.arraycopy(tool, 0, chunk, i * tool.length, tool.length);
        }
        for (int i = 0; i < 999; i++) {
            out.write(chunk);
            bytesSent.addAndGet(chunk.length);
        }
        for (int i = 0; i < 999; i++) {
            out.write(tool);
        }
        out.write(tail);
    }

    /** Sends {@code head}, then {@code repeated} without end (until the client hangs up, or 512 MB per stream). */
    private void endless(HttpExchange exchange, int status, String type, String head, String repeated) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, 0);
        OutputStream out = exchange.getResponseBody();
        out.write(head.getBytes(StandardCharsets.UTF_8));
        byte[] unit = repeated.getBytes(StandardCharsets.UTF_8);
        byte[] chunk = new byte[Math.max(unit.length, 64 * 1024 / unit.length * unit.length)];
        for (int i = 0; i + unit.length <= chunk.length; i += unit.length) {
            System.arraycopy(unit, 0, chunk, i, unit.length);
        }
        for (long sent = 0; sent < STREAM_LIMIT; sent += chunk.length) {
            out.write(chunk);
            out.flush();
            bytesSent.addAndGet(chunk.length);
        }
    }

    private static void silence(HttpExchange exchange) {
        try {
            Thread.sleep(120_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        http.stop(0);
    }

}
