package dev.multiserver.cli.balance;

import static dev.multiserver.cli.balance.Checks.errorWithBackend;
import static dev.multiserver.cli.balance.Checks.valid;
import static dev.multiserver.cli.balance.Checks.validWithBackend;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** HTTP/2 toward clients from flags and YAML, as --check reports it. */
class Http2FlagsTest {

    private static final String OVER_TLS = "  http2: h2 or http/1.1, as each client chooses by ALPN; at most ";

    @TempDir
    Path dir;

    @Test
    void withTlsHttp2IsOfferedByDefaultAndWithoutItIsOff() {
        assertThat(validWithBackend("--self-signed")).contains(OVER_TLS + "100 concurrent streams per connection");
        assertThat(validWithBackend()).contains("  http2: off (plain HTTP/1.1; h2c needs --h2c)");
    }

    @Test
    void noHttp2TurnsItOffOverTls() {
        assertThat(validWithBackend("--self-signed", "--no-http2"))
                .contains("  http2: off (HTTPS clients speak HTTP/1.1)");
    }

    @Test
    void h2cAcceptsPriorKnowledgeOnAPlainPortWithItsOwnStreamLimit() {
        assertThat(validWithBackend("--h2c", "--max-concurrent-streams", "250")).contains(
                "  http2: h2c with prior knowledge, beside HTTP/1.1; at most 250 concurrent streams per connection");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            --h2c --self-signed                   | --h2c: cannot be combined with TLS (over TLS, clients choose HTTP/2 by ALPN)
            --h2c --no-http2                      | --h2c: cannot be combined with HTTP/2 turned off (--no-http2)
            --max-concurrent-streams=10           | --max-concurrent-streams: has no effect with HTTP/2 off (plain HTTP without --h2c)
            --self-signed --no-http2 --max-concurrent-streams=10 | --max-concurrent-streams: has no effect with HTTP/2 off (it is turned off)
            --h2c --max-concurrent-streams=0      | Invalid value for option '--max-concurrent-streams': 0 (expected: >= 1)
            """)
    void aSettingThatCannotTakeEffectIsAnErrorNamingTheFlag(String flags, String message) {
        assertThat(errorWithBackend(flags.split(" "))).isEqualTo(message);
    }

    @Test
    void theConfigFileSaysTheSameAndFlagsOverrideIt() throws IOException {
        Path config = Files.writeString(dir.resolve("lb.yaml"), """
                backends: [http://127.0.0.1:9001]
                http2:
                  cleartext: true
                  maxConcurrentStreams: 50
                """);

        assertThat(valid("--config", config.toString())).contains(
                "  http2: h2c with prior knowledge, beside HTTP/1.1; at most 50 concurrent streams per connection");
        assertThat(valid("--config", config.toString(), "--max-concurrent-streams", "60")).contains(
                "  http2: h2c with prior knowledge, beside HTTP/1.1; at most 60 concurrent streams per connection");
    }

    @Test
    void aConfigFileThatTurnsHttp2OffMakesH2cAnErrorNamingTheKey() throws IOException {
        Path config = Files.writeString(dir.resolve("lb.yaml"), """
                backends: [http://127.0.0.1:9001]
                http2: {enabled: false}
                """);

        assertThat(Checks.error("--config", config.toString(), "--h2c"))
                .isEqualTo("--h2c: cannot be combined with HTTP/2 turned off (http2.enabled)");
    }
}
