package dev.multiserver.cli.balance;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.multiserver.balancer.LoadBalancer;
import dev.multiserver.cli.Cli;
import dev.multiserver.cli.Main;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BalanceIntegrationTest {

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private HttpServer alpha;
    private HttpServer beta;

    @BeforeEach
    void startBackends() throws IOException {
        alpha = backend("alpha");
        beta = backend("beta");
    }

    @AfterEach
    void stopBackends() {
        alpha.stop(0);
        beta.stop(0);
    }

    @Test
    void alternatesBetweenTwoBackendsAndEndsWhenClosed() throws Exception {
        try (Running balance = Running.start("balance", "--port", "0", "--bind", "127.0.0.1",
                "--no-admin", "--backend", url(alpha), "--backend", url(beta))) {
            List<String> bodies = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                bodies.add(get(balance.port()));
            }

            assertThat(bodies).containsAnyOf("alpha", "beta");
            for (int i = 1; i < bodies.size(); i++) {
                assertThat(bodies.get(i)).as("response %s of %s", i, bodies).isNotEqualTo(bodies.get(i - 1));
            }
            assertThat(balance.out()).isEqualTo("multiserver balancing http://127.0.0.1:" + balance.port()
                    + " across 2 backend(s): " + url(alpha) + ", " + url(beta) + System.lineSeparator());

            balance.balancer.close();
            assertThat(balance.exit.get(10, SECONDS)).isZero();
        }
    }

    @Test
    void weightsFromTheConfigFileReachTheBalancer(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("lb.yaml"), "bind: 127.0.0.1\nport: 0\nbackends:\n"
                + "  - url: " + url(alpha) + "\n    weight: 3\n  - " + url(beta) + "\n");

        try (Running balance = Running.start("balance", "--config", config.toString(), "--no-admin")) {
            List<String> bodies = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                bodies.add(get(balance.port()));
            }

            assertThat(bodies).filteredOn("alpha"::equals).hasSize(6);
            assertThat(bodies).filteredOn("beta"::equals).hasSize(2);
        }
    }

    @Test
    void aPortInUseIsReportedWithTheAddressAndStatus1() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Cli.Result result = Cli.run("balance", "--bind", "127.0.0.1", "--port",
                    String.valueOf(taken.getLocalPort()), "--no-admin", "--backend", url(alpha));

            assertThat(result.status()).isEqualTo(1);
            assertThat(result.err()).startsWith("balance: cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    .doesNotContain("\tat ");
        }
    }

    private String get(int port) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static HttpServer backend(String name) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] body = name.getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }

    private static String url(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** {@code multiserver balance} running on another thread, as a user's terminal would run it. */
    private record Running(LoadBalancer balancer, CompletableFuture<Integer> exit, StringWriter stdout)
            implements AutoCloseable {

        static Running start(String... args) throws Exception {
            StringWriter stdout = new StringWriter();
            CommandLine cli = Main.commandLine();
            cli.setOut(new PrintWriter(stdout, true));
            BalanceCommand command = cli.getSubcommands().get("balance").getCommand();
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute(args));
            LoadBalancer balancer = command.started().toCompletableFuture().get(10, SECONDS);
            return new Running(balancer, exit, stdout);
        }

        int port() {
            return balancer.port();
        }

        String out() {
            return stdout.toString();
        }

        @Override
        public void close() {
            balancer.close();
            exit.orTimeout(10, SECONDS).join();
        }
    }
}
