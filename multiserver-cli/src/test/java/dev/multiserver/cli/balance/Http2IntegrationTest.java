package dev.multiserver.cli.balance;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.multiserver.balancer.LoadBalancer;
import dev.multiserver.cli.Main;
import dev.multiserver.testkit.TestBackend;
import dev.multiserver.testkit.TrustAll;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code multiserver balance} with a certificate speaks HTTP/2 to a client that asks, unless told not to. */
class Http2IntegrationTest {

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
            .sslContext(TrustAll.context()).build();
    private TestBackend backend;

    @BeforeEach
    void startBackend() {
        backend = TestBackend.start("app");
    }

    @AfterEach
    void stopBackend() {
        backend.close();
    }

    @Test
    void aSelfSignedBalancerServesHttp2() throws Exception {
        assertThat(versionServedBy()).isEqualTo(HttpClient.Version.HTTP_2);
    }

    @Test
    void noHttp2KeepsHttpsClientsOnHttp11() throws Exception {
        assertThat(versionServedBy("--no-http2")).isEqualTo(HttpClient.Version.HTTP_1_1);
    }

    /** Runs {@code balance --self-signed FLAGS} in this JVM and asks it for {@code /} once. */
    private HttpClient.Version versionServedBy(String... flags) throws Exception {
        CommandLine cli = Main.commandLine();
        BalanceCommand command = cli.getSubcommands().get("balance").getCommand();
        List<String> args = new ArrayList<>(List.of("balance", "--bind", "127.0.0.1", "--port", "0", "--no-admin",
                "--backend", backend.uri().toString(), "--self-signed"));
        args.addAll(List.of(flags));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute(args.toArray(String[]::new)));
        LoadBalancer balancer = command.started().toCompletableFuture().get(10, SECONDS);
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:"
                    + balancer.port() + "/")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            return response.version();
        } finally {
            balancer.close();
            assertThat(exit.get(10, SECONDS)).isZero();
        }
    }
}
