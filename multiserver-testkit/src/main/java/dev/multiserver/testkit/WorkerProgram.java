package dev.multiserver.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A small HTTP server to run as a worker process in tests: {@code java -cp … WorkerProgram [PORT]
 * [--ignore-sigterm]}, the port from the argument or else from {@code PORT}.
 * <ul>
 *   <li>{@code GET /health}: 200, or 503 once {@code POST /sick} was called;</li>
 *   <li>any other request: 200 with {@code pid=N port=P}, the header {@code X-Worker-Pid}, and
 *       {@code X-Worker-Id} with {@code MULTISERVER_WORKER_ID} when the balancer set it.</li>
 * </ul>
 * It prints {@code listening on P} once it listens. {@code --ignore-sigterm} makes it ignore SIGTERM, so
 * only SIGKILL stops it.
 */
public final class WorkerProgram {

    private WorkerProgram() {
    }

    /** The command that runs this program with {@code args}, quoted for a worker command line. */
    public static String command(String... args) {
        List<String> words = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx32m", "-Xss512k", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                "-cp", classPath(), WorkerProgram.class.getName()));
        words.addAll(List.of(args));
        return String.join(" ", words.stream().map(w -> "'" + w.replace("'", "'\\''") + "'").toList());
    }

    private static String classPath() {
        try {
            return Path.of(WorkerProgram.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void main(String[] args) throws IOException {
        // the JDK server leaves Nagle on: every kept-alive response would wait ~40 ms for a delayed ACK
        System.setProperty("sun.net.httpserver.nodelay", "true");
        String port = System.getenv("PORT");
        for (String arg : args) {
            if (arg.equals("--ignore-sigterm")) {
                sun.misc.Signal.handle(new sun.misc.Signal("TERM"), signal -> System.out.println("ignoring SIGTERM"));
            } else {
                port = arg;
            }
        }
        if (port == null) {
            System.err.println("usage: WorkerProgram PORT (or set PORT)");
            System.exit(2);
        }
        String listenPort = port;
        long pid = ProcessHandle.current().pid();
        String workerId = System.getenv("MULTISERVER_WORKER_ID");
        AtomicBoolean sick = new AtomicBoolean();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(port)), 128);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/sick") && exchange.getRequestMethod().equals("POST")) {
                sick.set(true);
                respond(exchange, 200, "sick now");
            } else if (path.equals("/health")) {
                respond(exchange, sick.get() ? 503 : 200, sick.get() ? "sick" : "ok");
            } else {
                exchange.getResponseHeaders().set("X-Worker-Pid", Long.toString(pid));
                if (workerId != null) {
                    exchange.getResponseHeaders().set("X-Worker-Id", workerId);
                }
                respond(exchange, 200, "pid=" + pid + " port=" + listenPort);
            }
        });
        server.start();
        System.out.println("listening on " + listenPort);
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        exchange.getRequestBody().readAllBytes();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
