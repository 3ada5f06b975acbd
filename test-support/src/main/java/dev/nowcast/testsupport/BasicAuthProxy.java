package dev.nowcast.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.nowcast.local.FreePorts;

/**
 * A reverse proxy on 127.0.0.1 that demands HTTP basic auth and forwards what passes to an upstream server: a
 * schema registry behind a login, as production registries are, without Keycloak (which Apicurio 2.x would need
 * for authentication of its own). Refused requests get 401 and never reach the upstream.
 */
public final class BasicAuthProxy implements AutoCloseable {

    /** Hop-by-hop and computed headers the JDK client sets itself (it refuses them from callers). */
    private static final Set<String> NOT_FORWARDED = Set.of("authorization", "host", "connection", "content-length",
            "expect", "upgrade", "transfer-encoding", "keep-alive");

    private final URI upstream;
    private final byte[] expected;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "basic-auth-proxy");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicLong refused = new AtomicLong();

    /**
     * Starts proxying to {@code upstreamUrl} (e.g. {@code http://127.0.0.1:8081/apis/ccompat/v7}) for one user.
     */
    public BasicAuthProxy(String upstreamUrl, String user, String password) throws IOException {
        this.upstream = URI.create(upstreamUrl.endsWith("/") ? upstreamUrl.substring(0, upstreamUrl.length() - 1) : upstreamUrl);
        this.expected = ("Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8))).getBytes(StandardCharsets.UTF_8);
        this.server = HttpServer.create(new InetSocketAddress(FreePorts.LOOPBACK, 0), 64);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The proxy's URL, standing for the upstream URL. */
    public String url() {
        return "http://" + FreePorts.LOOPBACK + ":" + server.getAddress().getPort();
    }

    /** How many requests were refused for missing or wrong credentials. */
    public long refused() {
        return refused.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization == null
                    || !MessageDigest.isEqual(expected, authorization.getBytes(StandardCharsets.UTF_8))) {
                refused.incrementAndGet();
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"registry\"");
                send(exchange, 401, "application/json", "{\"error_code\":401,\"message\":\"Unauthorized\"}"
                        .getBytes(StandardCharsets.UTF_8));
                return;
            }
            URI requested = exchange.getRequestURI();
            URI target = URI.create(upstream + requested.getRawPath()
                    + (requested.getRawQuery() == null ? "" : "?" + requested.getRawQuery()));
            byte[] body = exchange.getRequestBody().readAllBytes();
            HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(30))
                    .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(v -> request.header(name, v));
                }
            });
            HttpResponse<byte[]> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                send(exchange, 502, "text/plain", "interrupted".getBytes(StandardCharsets.UTF_8));
                return;
            } catch (IOException e) {
                send(exchange, 502, "text/plain", ("upstream: " + e).getBytes(StandardCharsets.UTF_8));
                return;
            }
            send(exchange, response.statusCode(), response.headers().firstValue("Content-Type").orElse("application/json"),
                    response.body());
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
