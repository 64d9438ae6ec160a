package dev.multiserver.balancer.worker;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * An in-process application instance for tests: a JDK HTTP server on loopback answering 200 with
 * {@code port N} and the header {@code X-Port}.
 */
public final class TinyApp implements ApplicationInstance {

    private final HttpServer server;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();

    public TinyApp(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.createContext("/", exchange -> {
            byte[] body = ("port " + port).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("X-Port", String.valueOf(port));
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** Its server stops without the balancer asking: a crash. */
    public void crash() {
        server.stop(0);
        stopped.complete(null);
    }

    @Override
    public CompletableFuture<Void> stopped() {
        return stopped;
    }

    @Override
    public void stop(Duration grace) {
        // the JDK server waits the whole delay even when idle, so tests keep the grace under a second
        server.stop((int) grace.toSeconds());
        stopped.complete(null);
    }
}
