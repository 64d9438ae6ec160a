package dev.multiserver.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.multiserver.cli.Cli;
import org.junit.jupiter.api.Test;

/** Flags {@code multiserver demo} refuses before it starts anything: status 2 and a line naming the flag. */
class DemoCommandTest {

    @Test
    void processesIsRefusedAsNotYetSupported() {
        assertUsageError("--processes: not yet supported", "--processes");
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
