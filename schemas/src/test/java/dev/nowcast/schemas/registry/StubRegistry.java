package dev.nowcast.schemas.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A scripted HTTP server on 127.0.0.1 standing in for a schema registry: it answers each request with the next
 * scripted reply (404 when the script is exhausted) and records what it was asked.
 */
final class StubRegistry implements AutoCloseable {

    static final String CONFLUENT_TYPE = "application/vnd.schemaregistry.v1+json";
    static final String APICURIO_TYPE = "application/json";

    /** A request as the server saw it. */
    record Request(String method, String uri, Map<String, List<String>> headers, String body, long arrivedNanos) {
        String header(String name) {
            List<String> values = headers.get(name);
            return values == null ? null : values.get(0);
        }
    }

    /** A scripted reply, sent after {@code delayMillis}. */
    record Reply(int status, String contentType, String body, Map<String, String> headers, long delayMillis) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Deque<Reply> script = new ArrayDeque<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    StubRegistry() {
        this(null);
    }

    StubRegistry(HttpServer server) {
        try {
            this.server = server != null ? server : HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.server.createContext("/", this::handle);
        // Replies may be delayed (timeout tests); a retry must not queue behind the reply it gave up on.
        this.server.setExecutor(executor);
        this.server.start();
    }

    String url() {
        String scheme = server instanceof com.sun.net.httpserver.HttpsServer ? "https" : "http";
        return scheme + "://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Scripts a JSON reply in Confluent's media type. */
    StubRegistry reply(int status, String body) {
        return reply(new Reply(status, CONFLUENT_TYPE, body, Map.of(), 0));
    }

    /** Scripts a JSON reply in Apicurio's media type. */
    StubRegistry replyAsApicurio(int status, String body) {
        return reply(new Reply(status, APICURIO_TYPE, body, Map.of(), 0));
    }

    synchronized StubRegistry reply(Reply reply) {
        script.add(reply);
        return this;
    }

    List<Request> requests() {
        return requests;
    }

    Request lastRequest() {
        return requests.get(requests.size() - 1);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                Map.copyOf(exchange.getRequestHeaders()), body, System.nanoTime()));
        Reply reply;
        synchronized (this) {
            reply = script.isEmpty()
                    ? new Reply(404, CONFLUENT_TYPE, "{\"error_code\":404,\"message\":\"not scripted\"}", Map.of(), 0)
                    : script.poll();
        }
        try {
            Thread.sleep(reply.delayMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", reply.contentType());
        reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        try {
            exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (IOException e) {
            // The client gave up waiting (a timeout test): nothing to answer.
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
