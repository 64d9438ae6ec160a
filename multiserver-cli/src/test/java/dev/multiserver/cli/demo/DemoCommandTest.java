package dev.multiserver.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.multiserver.cli.Cli;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** Flags {@code multiserver demo} refuses before it starts anything: status 2 and a line naming the flag. */
class DemoCommandTest {

    @Test
    void processesWithTheMemoryStoreIsRefusedSayingWhy() {
        assertUsageError("--store: memory: cannot be used with --processes: each worker process would have its own "
                + "memory, so sessions would not be shared (name a network one, e.g. --store redis://127.0.0.1:6379)",
                "--processes");
        assertUsageError("--store: memory: cannot be used with --processes", "--processes", "--store", "memory:",
                "--sync", "redis://127.0.0.1:1");
    }

    @Test
    void processesWithTheMemoryChannelIsRefusedSayingWhy() {
        assertUsageError("--sync: memory: cannot be used with --processes: each worker process would have its own "
                + "memory, so chat messages would not be shared (name a network one, e.g. --sync "
                + "redis://127.0.0.1:6379)", "--processes", "--store", "redis://127.0.0.1:1");
    }

    @Test
    void processesChecksItsStoreUrisBeforeStartingAnyWorker() {
        assertUsageError("--store: session store 'bogus://h:1': no store for scheme 'bogus'", "--processes",
                "--store", "bogus://h:1", "--sync", "redis://127.0.0.1:1");
    }

    @Test
    void processesWithAStoreThatDoesNotAnswerFailsAtOnceNamingItWithoutStartingWorkers() throws Exception {
        String nobody = "redis://127.0.0.1:" + closedPort();

        Cli.Result result = Cli.run("demo", "--processes", "--port", "0", "--admin-port", "0", "--store", nobody,
                "--sync", nobody);

        assertThat(result.status()).as(result.err()).isEqualTo(1);
        assertThat(result.errLines()).singleElement().asString().startsWith("demo: " + nobody);
        assertThat(result.out()).isEmpty();
    }

    @Test
    void theWorkerCommandIsHiddenFromTheHelp() {
        Cli.Result result = Cli.run("--help");

        assertThat(result.out()).contains("demo").doesNotContain("demo-worker");
    }

    @Test
    void aWorkerWithoutAPortIsRefusedNamingTheFlagAndTheVariable() {
        Cli.Result result = Cli.run("demo-worker", "--port", "70000");

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.errLines()).first().asString()
                .isEqualTo("--port: 70000 (expected: 0-65535, or PORT in the environment)");
    }

    @Test
    void aWorkerCountOutOfRangeIsRefused() {
        assertUsageError("--workers: 0 (expected: 1-256)", "--workers", "0");
        assertUsageError("--workers: 257 (expected: 1-256)", "--workers", "257");
        assertUsageError("Invalid value for option '--workers': 'three' is not an int", "--workers", "three");
    }

    @Test
    void portsOutOfRangeAreRefused() {
        assertUsageError("--port: 70000 (expected: 0-65535)", "--port", "70000");
        assertUsageError("--admin-port: -1 (expected: 0-65535)", "--admin-port", "-1");
    }

    @Test
    void anUnknownAlgorithmIsRefusedListingTheKnownOnes() {
        assertUsageError("--algorithm: 'fastest' (expected one of: consistent-hash, least-connections, "
                + "least-latency, round-robin, sticky-session)", "--algorithm", "fastest");
    }

    @Test
    void storeAndSyncUrisThatNameNoStoreAreRefusedNamingTheFlag() {
        assertUsageError("--store: session store 'bogus://h:1': no store for scheme 'bogus'", "--store",
                "bogus://h:1");
        assertUsageError("--sync: event channel 'memcached://127.0.0.1:1': no channel for scheme 'memcached'",
                "--sync", "memcached://127.0.0.1:1");
    }

    /** A loopback port nothing listens on (it was free a moment ago). */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void assertUsageError(String message, String... flags) {
        String[] args = new String[flags.length + 1];
        args[0] = "demo";
        System.arraycopy(flags, 0, args, 1, flags.length);

        Cli.Result result = Cli.run(args);

        assertThat(result.status()).as(result.err()).isEqualTo(2);
        assertThat(result.errLines()).first().asString().startsWith(message);
        assertThat(result.err()).contains("Run 'multiserver demo --help' for usage.").doesNotContain("\tat ");
        assertThat(result.out()).isEmpty();
    }
}
