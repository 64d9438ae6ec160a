package dev.multiserver.cli.balance;

import static dev.multiserver.cli.balance.Checks.error;
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
import org.junit.jupiter.params.provider.ValueSource;

/** Response compression from flags and YAML, as --check reports it. */
class CompressionFlagsTest {

    private static final String DEFAULTS = "  compression: br quality 4 (where available) or gzip level 6, bodies of "
            + "1024+ bytes of text/*, application/json, application/javascript, application/xml, application/wasm, "
            + "image/svg+xml, +json, +xml";

    @TempDir
    Path dir;

    @Test
    void isOffByDefault() {
        assertThat(validWithBackend()).contains("  compression: off");
    }

    @Test
    void compressTurnsItOnWithTheLibrarysDefaults() {
        assertThat(validWithBackend("--compress")).contains(DEFAULTS);
    }

    @Test
    void everyCompressionFlagReachesTheSettingsAndTurnsItOn() {
        assertThat(validWithBackend("--compress-min-size", "2KiB", "--compress-types", "text/html,+json",
                "--no-compress-brotli", "--compress-gzip-level", "4"))
                .contains("  compression: gzip level 4, bodies of 2048+ bytes of text/html, +json");
        assertThat(validWithBackend("--compress-brotli-quality", "5"))
                .anyMatch(line -> line.startsWith("  compression: br quality 5 (where available) or gzip level 6"));
    }

    @Test
    void aCompressionFlagWithNoCompressIsAnErrorNamingIt() {
        assertThat(errorWithBackend("--no-compress", "--compress-min-size", "2KiB"))
                .isEqualTo("--compress-min-size: has no effect with --no-compress");
    }

    @Test
    void aBadValueIsAUsageErrorNamingTheFlag() {
        assertThat(errorWithBackend("--compress-gzip-level", "10"))
                .isEqualTo("Invalid value for option '--compress-gzip-level': 10 (expected: 1-9)");
        assertThat(errorWithBackend("--compress-types", "text/html,image"))
                .isEqualTo("Invalid value for option '--compress-types': 'image' (expected: type/subtype, type/* or "
                        + "+suffix)");
        assertThat(errorWithBackend("--compress-brotli-quality", "12"))
                .isEqualTo("Invalid value for option '--compress-brotli-quality': 12 (expected: 0-11)");
    }

    @Test
    void theYamlKeysSetTheSameAsTheFlags() throws IOException {
        Path config = write("compression:\n  minSize: 2KiB\n  types: [text/html, +json]\n  brotli: false\n"
                + "  gzipLevel: 4\n");

        assertThat(valid("--config", config.toString()))
                .contains("  compression: gzip level 4, bodies of 2048+ bytes of text/html, +json");
    }

    @Test
    void theSectionTurnsItOnAndTypesMayBeOneString() throws IOException {
        assertThat(valid("--config", write("compression: {}\n").toString())).contains(DEFAULTS);
        assertThat(valid("--config", write("compression: {types: 'text/*, application/json'}\n").toString()))
                .anyMatch(line -> line.endsWith("bodies of 1024+ bytes of text/*, application/json"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"minSize: 1", "types: [text/*]", "brotli: true", "gzipLevel: 1", "brotliQuality: 1"})
    void aKeyBesideEnabledFalseIsRefused(String key) throws IOException {
        Path config = write("compression:\n  enabled: false\n  " + key + "\n");

        assertThat(error("--config", config.toString())).isEqualTo(config + ": compression."
                + key.substring(0, key.indexOf(':')) + ": has no effect with enabled: false");
    }

    @Test
    void aBadYamlValueNamesTheKey() throws IOException {
        Path config = write("compression:\n  types: [image]\n");

        assertThat(error("--config", config.toString())).isEqualTo(config
                + ": compression.types: 'image' (expected: type/subtype, type/* or +suffix)");
    }

    @Test
    void flagsOverrideTheFile() throws IOException {
        assertThat(valid("--config", write("compression: {gzipLevel: 3}\n").toString(), "--no-compress"))
                .contains("  compression: off");
        assertThat(valid("--config", write("compression: {enabled: false}\n").toString(), "--compress-min-size",
                "0")).anyMatch(line -> line.contains("bodies of 0+ bytes"));
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("lb.yaml"), "backends: [http://127.0.0.1:9001]\n" + yaml);
    }
}
