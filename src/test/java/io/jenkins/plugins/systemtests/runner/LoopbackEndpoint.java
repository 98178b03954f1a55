package io.jenkins.plugins.systemtests.runner;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.systemtests.core.api.ApiResponse;
import io.jenkins.plugins.systemtests.core.ingest.BoundedBody;
import io.jenkins.plugins.systemtests.core.ingest.IngestionService;
import io.jenkins.plugins.systemtests.core.protocol.RejectedException;
import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.systemtests.core.ingest.Receipt;
import io.jenkins.plugins.systemtests.core.protocol.MessageParser;
import io.jenkins.plugins.systemtests.core.json.Json;
import io.jenkins.plugins.systemtests.core.protocol.ErrorCode;
import io.jenkins.plugins.systemtests.core.protocol.MessageKind;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The reporting endpoint as Jenkins serves it ({@code /system-tests/api/v1/<kind>}, basic auth with an API token),
 * on a loopback port, backed by a real ingestion service, with the headers the core decides ({@code Retry-After}).
 * It can answer 503 a number of times first.
 */
final class LoopbackEndpoint implements AutoCloseable {
    static final String USER = "lab";
    static final String TOKEN = "s3cret-token";

    final int port;
    /** The kinds of the messages taken, in order, whether they came alone or in a batch. */
    final List<String> accepted = Collections.synchronizedList(new ArrayList<>());
    /** How many batches ({@code POST api/v1/events}) were taken. */
    final AtomicInteger batches = new AtomicInteger();
    /** How many messages the service answered {@code STORAGE_UNAVAILABLE}, alone or in a batch. */
    final AtomicInteger unavailable = new AtomicInteger();
    private final IngestionService service;
    private final AtomicInteger unavailableLeft;
    private HttpServer server;

    LoopbackEndpoint(IngestionService service, int unavailableFirst) throws IOException {
        this.service = service;
        this.unavailableLeft = new AtomicInteger(unavailableFirst);
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/", this::answer);
        server.start();
    }

    /** A status and headers to answer instead of taking a message (a redirect, a refusal), or null to take it. */
    record Answer(int status, String location) {
    }

    /** Decides, per request path, whether to answer with an {@link Answer}; null: take messages normally. */
    volatile java.util.function.Function<String, Answer> override = path -> null;
    final List<String> paths = Collections.synchronizedList(new ArrayList<>());

    private void answer(HttpExchange exchange) throws IOException {
        String expected = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + TOKEN).getBytes(StandardCharsets.UTF_8));
        String path = exchange.getRequestURI().getPath();
        paths.add(exchange.getRequestMethod() + " " + path);
        String kind = path.replaceFirst(".*/", "");
        Answer instead = override.apply(path);
        ApiResponse response;
        if (instead != null) {
            if (instead.location() != null) {
                exchange.getResponseHeaders().set("Location", instead.location());
            }
            response = ApiResponse.of(instead.status(), "answered " + instead.status() + " by the test");
        } else if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            response = ApiResponse.of(401, "no");
        } else if (unavailableLeft.getAndDecrement() > 0) {
            response = ApiResponse.of(503, "starting up");
        } else {
            try {
                byte[] body = BoundedBody.read(exchange.getRequestBody(), -1, BoundedBody.MAX_BYTES,
                        exchange.getRequestHeaders().getFirst("Content-Encoding"));
                if (kind.equals("events")) {
                    List<Receipt> receipts = service.receiveBatch(body);
                    List<JsonNode> messages = MessageParser.readBatch(body);
                    for (int i = 0; i < receipts.size(); i++) {
                        if (!(receipts.get(i) instanceof Receipt.Refused refused)) {
                            accepted.add(MessageParser.kindOf(messages.get(i)).orElseThrow().apiName());
                        } else if (refused.reason().errorCode() == ErrorCode.STORAGE_UNAVAILABLE) {
                            unavailable.incrementAndGet();
                        }
                    }
                    batches.incrementAndGet();
                    response = ApiResponse.ofBatch(receipts);
                } else {
                    response = ApiResponse.of(service.receive(MessageKind.fromPathSegment(kind).orElseThrow(), body));
                    if (response.status() < 300) {
                        accepted.add(kind);
                    } else if (response.status() == 503) {
                        unavailable.incrementAndGet();
                    }
                }
            } catch (RejectedException e) {
                response = ApiResponse.error(e);
                if (e.errorCode() == ErrorCode.STORAGE_UNAVAILABLE) {
                    unavailable.incrementAndGet();
                }
            }
        }
        exchange.getRequestBody().readAllBytes();
        response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        byte[] json = Json.MAPPER.writeValueAsBytes(response.body());
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(response.status(), json.length);
        exchange.getResponseBody().write(json);
        exchange.close();
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
        }
    }
}
