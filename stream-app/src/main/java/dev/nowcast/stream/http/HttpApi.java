package dev.nowcast.stream.http;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The app's single HTTP port, on the JDK's built-in server: a handful of read-only endpoints do not justify a
 * web framework. Every route answers GET and HEAD only; protected routes need {@code Authorization: Bearer
 * <token>} when a token is configured.
 */
public final class HttpApi implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

    /** What a route returns. */
    public record Response(int status, String contentType, byte[] body, Map<String, String> headers) {

        public static Response json(int status, String json) {
            return new Response(status, "application/json", json.getBytes(StandardCharsets.UTF_8), Map.of());
        }

        public static Response text(int status, String contentType, String text) {
            return new Response(status, contentType, text.getBytes(StandardCharsets.UTF_8), Map.of());
        }

        /** 503 with {@code Retry-After}: the answer exists but cannot be given right now (e.g. stores migrating). */
        public static Response unavailable(String reason, int retryAfterSeconds) {
            return new Response(503, "application/json",
                    ("{\"error\":" + Json.quote(reason) + "}").getBytes(StandardCharsets.UTF_8),
                    Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
        }
    }

    /** A route's logic; {@code path} is the request path, {@code query} the raw query or {@code null}. */
    @FunctionalInterface
    public interface Handler {
        Response handle(String path, String query) throws Exception;
    }

    private record Route(String path, boolean prefix, boolean tokenRequired, Handler handler) {
        boolean matches(String requestPath) {
            return prefix ? requestPath.startsWith(path) : requestPath.equals(path);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final byte[] token;
    private final List<Route> routes = new ArrayList<>();

    /**
     * Binds {@code host:port} (port 0: a free one) without serving yet.
     *
     * @param token the bearer token for protected routes, or {@code null} for none
     */
    public HttpApi(String host, int port, String token) {
        try {
            this.server = HttpServer.create(new InetSocketAddress(host, port), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on " + host + ":" + port + " (nowcast.http.host/nowcast.http.port): "
                    + e.getMessage(), e);
        }
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "nowcast-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::dispatch);
    }

    /** Serves {@code path} exactly. */
    public HttpApi route(String path, boolean tokenRequired, Handler handler) {
        routes.add(new Route(path, false, tokenRequired, handler));
        return this;
    }

    /** Serves every path starting with {@code prefix}. */
    public HttpApi routePrefix(String prefix, boolean tokenRequired, Handler handler) {
        routes.add(new Route(prefix, true, tokenRequired, handler));
        return this;
    }

    public HttpApi start() {
        server.start();
        LOG.info("HTTP on http://{}:{}", server.getAddress().getHostString(), port());
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String host() {
        return server.getAddress().getHostString();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void dispatch(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().add("Allow", "GET, HEAD");
                send(exchange, Response.json(405, "{\"error\":\"read-only API: only GET and HEAD are allowed\"}"));
                return;
            }
            Route route = routes.stream().filter(r -> r.matches(path)).findFirst().orElse(null);
            if (route == null) {
                send(exchange, Response.json(404, "{\"error\":\"no such endpoint\"}"));
                return;
            }
            if (route.tokenRequired && token != null && !authorised(exchange)) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer");
                send(exchange, Response.json(401, "{\"error\":\"a bearer token is required\"}"));
                return;
            }
            Response response;
            try {
                response = route.handler.handle(path, exchange.getRequestURI().getRawQuery());
            } catch (Exception e) {
                LOG.warn("HTTP {} {} failed", method, path, e);
                response = Response.json(500, "{\"error\":" + Json.quote(String.valueOf(e.getMessage())) + "}");
            }
            send(exchange, response);
        }
    }

    private boolean authorised(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.startsWith("Bearer ")) {
            return false;
        }
        // Constant time, so the token cannot be guessed byte by byte from response times.
        return MessageDigest.isEqual(token, header.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, Response response) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        boolean head = exchange.getRequestMethod().equals("HEAD");
        byte[] body = response.body();
        exchange.sendResponseHeaders(response.status(), head || body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
