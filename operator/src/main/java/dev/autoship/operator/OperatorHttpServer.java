package dev.autoship.operator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/** Health and Prometheus endpoints on one port: /health/live, /health/ready, /metrics. */
public final class OperatorHttpServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;

    public OperatorHttpServer(int port, BooleanSupplier live, BooleanSupplier ready, PrometheusMeterRegistry registry)
            throws IOException {
        server = HttpServer.create(new InetSocketAddress(port), 16);
        executor = Executors.newFixedThreadPool(2);
        server.setExecutor(executor);
        server.createContext("/health/live", exchange -> health(exchange, live));
        server.createContext("/health/ready", exchange -> health(exchange, ready));
        server.createContext("/metrics", exchange -> {
            if (notGet(exchange)) {
                return;
            }
            respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
        });
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void health(HttpExchange exchange, BooleanSupplier check) throws IOException {
        if (notGet(exchange)) {
            return;
        }
        boolean up = check.getAsBoolean();
        respond(exchange, up ? 200 : 503, "application/json",
                up ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}");
    }

    private static boolean notGet(HttpExchange exchange) throws IOException {
        if ("GET".equals(exchange.getRequestMethod()) || "HEAD".equals(exchange.getRequestMethod())) {
            return false;
        }
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        respond(exchange, 405, "application/json", "{\"error\":\"method_not_allowed\"}");
        return true;
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (!head) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
    }
}
