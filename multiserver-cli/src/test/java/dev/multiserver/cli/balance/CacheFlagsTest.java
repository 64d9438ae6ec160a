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

/** The edge cache from flags and YAML, as --check reports it. */
class CacheFlagsTest {

    private static final String DEFAULTS = "  edge cache: on, 262144 KiB in memory, objects up to 8192 KiB, every GET "
            + "and HEAD as its headers allow";

    @TempDir
    Path dir;

    @Test
    void isOffByDefault() {
        assertThat(validWithBackend()).contains("  edge cache: off");
    }

    @Test
    void cacheTurnsItOnWithTheDefaults() {
        assertThat(validWithBackend("--cache")).contains(DEFAULTS);
    }

    @Test
    void sizeFlagsReachTheCacheAndTurnItOn() {
        assertThat(validWithBackend("--cache-size", "64MiB", "--cache-max-object-size", "512KiB"))
                .contains("  edge cache: on, 65536 KiB in memory, objects up to 512 KiB, every GET and HEAD as its "
                        + "headers allow");
    }

    @Test
    void aCacheFlagWithNoCacheIsAnErrorNamingIt() {
        assertThat(errorWithBackend("--no-cache", "--cache-size", "1MiB"))
                .isEqualTo("--cache-size: has no effect with --no-cache");
    }

    @Test
    void sharedTierFromTheFlagOrTheYamlIsNamedAndTurnsTheCacheOn() throws IOException {
        String line = "  edge cache: on, 262144 KiB in memory, objects up to 8192 KiB, shared through "
                + "redis://127.0.0.1:6399, every GET and HEAD as its headers allow";
        assertThat(validWithBackend("--cache-shared", "redis://127.0.0.1:6399")).contains(line);
        Path config = write("""
                cache:
                  shared: redis://127.0.0.1:6399
                """);
        assertThat(validWithBackend("--config", config.toString())).contains(line);
    }

    @Test
    void aSharedTierOfAnUnknownKindIsAnErrorNamingTheFlag() {
        assertThat(errorWithBackend("--cache-shared", "kafka://127.0.0.1:9092"))
                .startsWith("Invalid value for option '--cache-shared'")
                .contains("no store for scheme 'kafka'");
    }

    @Test
    void aBadSizeIsAUsageErrorNamingTheFlag() {
        assertThat(errorWithBackend("--cache-size", "0"))
                .isEqualTo("Invalid value for option '--cache-size': 0 (expected: > 0)");
        assertThat(errorWithBackend("--cache-max-object-size", "2MB"))
                .startsWith("Invalid value for option '--cache-max-object-size': '2MB'");
    }

    @Test
    void theYamlSectionSetsSizesAndRules() throws IOException {
        Path config = write("""
                cache:
                  size: 64MiB
                  maxObjectSize: 1MiB
                  rules:
                    - path: /static/*
                      ttl: 60s
                      varyHeaders: [Accept-Language]
                    - regex: ^/api/.*[.]json$
                """);

        assertThat(valid("--config", config.toString())).contains("  edge cache: on, 65536 KiB in memory, objects up "
                + "to 1024 KiB, rules [CacheRule(path /static/*, defaultTtl PT1M, varyHeaders [accept-language]), "
                + "CacheRule(regex ^/api/.*[.]json$)]");
    }

    @Test
    void anEmptySectionTurnsItOn() throws IOException {
        assertThat(valid("--config", write("cache: {}\n").toString())).contains(DEFAULTS);
    }

    @Test
    void flagsOverrideTheFile() throws IOException {
        Path config = write("cache:\n  size: 64MiB\n");

        assertThat(valid("--config", config.toString(), "--cache-size", "32MiB"))
                .anyMatch(line -> line.startsWith("  edge cache: on, 32768 KiB in memory"));
        assertThat(valid("--config", config.toString(), "--no-cache")).contains("  edge cache: off");
    }

    @ParameterizedTest
    @ValueSource(strings = {"size: 1MiB", "maxObjectSize: 1MiB", "rules: []"})
    void aKeyBesideEnabledFalseIsRefused(String key) throws IOException {
        Path config = write("cache:\n  enabled: false\n  " + key + "\n");

        assertThat(error("--config", config.toString())).isEqualTo(config + ": cache."
                + key.substring(0, key.indexOf(':')) + ": has no effect with enabled: false");
    }

    @Test
    void badRulesAreRefusedNamingTheRuleAndField() throws IOException {
        assertThat(error("--config", write("cache:\n  rules:\n    - path: static/*\n").toString()))
                .endsWith(": cache.rules[0].path: 'static/*' (expected: starts with '/')");
        assertThat(error("--config", write("cache:\n  rules:\n    - regex: '(['\n").toString()))
                .contains(": cache.rules[0].regex: '([' is not a regular expression");
        assertThat(error("--config", write("cache:\n  rules:\n    - {path: /a, ttl: 0s}\n").toString()))
                .contains(": cache.rules[0].ttl: PT0S (expected: > 0)");
        assertThat(error("--config", write("cache:\n  rules:\n    - {path: /a, regex: /b}\n").toString()))
                .endsWith(": cache.rules[0]: expected exactly one of path (/static/*) or regex (^/api/.*\\.json$)");
        assertThat(error("--config", write("cache:\n  rules:\n    - {path: /a, ttl: soon}\n").toString()))
                .contains(": cache.rules[0].ttl: ");
        assertThat(error("--config", write("cache:\n  rules:\n    - {path: /a, varyHeaders: [a b]}\n").toString()))
                .contains(": cache.rules[0].varyHeaders: 'a b' (expected: a header name)");
        assertThat(error("--config", write("cache:\n  rules:\n    - {path: /a, maxAge: 1}\n").toString()))
                .contains(": cache.rules[0]: unknown key 'maxAge'");
        assertThat(error("--config", write("cache:\n  rules: /static\n").toString()))
                .endsWith(": cache.rules: expected a list of rules (- path: /static/*, ttl: 60s)");
    }

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("balance-" + System.nanoTime() + ".yaml");
        Files.writeString(file, "backends: [http://127.0.0.1:9001]\n" + yaml);
        return file;
    }
}
