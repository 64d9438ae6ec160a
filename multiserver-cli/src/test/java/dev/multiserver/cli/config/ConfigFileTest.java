package dev.multiserver.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {

    @TempDir
    Path dir;

    @Test
    void handsTypedValuesToSetters() throws IOException {
        ConfigFile file = ConfigFile.read(write("port: 8080\nbind: '::1'\nforwarded: true\ntimeout: 250ms\n"));
        List<Object> seen = new ArrayList<>();

        file.apply("port", ConfigFile::integer, seen::add);
        file.apply("bind", ConfigFile::string, seen::add);
        file.apply("forwarded", ConfigFile::bool, seen::add);
        file.apply("timeout", ConfigFile::duration, seen::add);
        file.apply("absent", ConfigFile::integer, seen::add);

        assertThat(seen).containsExactly(8080, "::1", true, Duration.ofMillis(250));
    }

    @Test
    void readsSizesAndDecimals() throws IOException {
        ConfigFile file = ConfigFile.read(write("a: 64KiB\nb: 1024\nc: 0.25\nd: 1\n"));
        List<Object> seen = new ArrayList<>();

        file.apply("a", ConfigFile::size, seen::add);
        file.apply("b", ConfigFile::size, seen::add);
        file.apply("c", ConfigFile::decimal, seen::add);
        file.apply("d", ConfigFile::decimal, seen::add);

        assertThat(seen).containsExactly(65536, 1024, 0.25, 1.0);
    }

    @Test
    void namesFileAndKeyOfAWrongSizeOrDecimal() throws IOException {
        Path path = write("a: 64KB\nb: [1]\nc: '0.2'\n");
        ConfigFile file = ConfigFile.read(path);

        assertThatThrownBy(() -> file.apply("a", ConfigFile::size, value -> { }))
                .hasMessage(path + ": a: '64KB' is not a size (expected e.g. 65536, 64KiB, 1MiB)");
        assertThatThrownBy(() -> file.apply("b", ConfigFile::size, value -> { }))
                .hasMessage(path + ": b: a list is not a size (expected e.g. 65536, 64KiB, 1MiB)");
        assertThatThrownBy(() -> file.apply("c", ConfigFile::decimal, value -> { }))
                .hasMessage(path + ": c: '0.2' is not a number");
    }

    @Test
    void namesFileAndKeyWhenASetterRefusesTheValue() throws IOException {
        Path path = write("port: 70000\n");
        ConfigFile file = ConfigFile.read(path);

        assertThatThrownBy(() -> file.apply("port", ConfigFile::integer, port -> {
            throw new IllegalArgumentException("port: " + port + " (expected: 0-65535)");
        })).isInstanceOf(ConfigException.class).hasMessage(path + ": port: 70000 (expected: 0-65535)");
    }

    @Test
    void refusesUnknownKeysListingTheKnownOnes() throws IOException {
        Path path = write("port: 1\nprot: 2\n");
        ConfigFile file = ConfigFile.read(path);

        assertThatThrownBy(() -> file.checkKeys(List.of("port", "bind")))
                .hasMessage(path + ": unknown key 'prot' (known keys: port, bind)");
    }

    @Test
    void anEmptyFileHasNoSettings() throws IOException {
        ConfigFile file = ConfigFile.read(write(""));

        file.checkKeys(List.of());
        assertThat(file.node("port")).isEmpty();
    }

    @Test
    void aMissingFileIsNamed() {
        Path path = dir.resolve("nope.yaml");

        assertThatThrownBy(() -> ConfigFile.read(path)).hasMessage(path + ": no such file");
    }

    @Test
    void aDirectoryIsNotAConfigFile() {
        assertThatThrownBy(() -> ConfigFile.read(dir)).hasMessage(dir + ": is a directory, not a config file");
    }

    @Test
    void invalidYamlIsReportedOnOneLineWithItsPosition() throws IOException {
        Path path = write("port: [1\n");

        assertThatThrownBy(() -> ConfigFile.read(path))
                .hasMessageStartingWith(path + ": not valid YAML: ")
                .hasMessageContaining("line ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aKeyGivenTwiceIsRefused() throws IOException {
        Path path = write("port: 1\nport: 2\n");

        assertThatThrownBy(() -> ConfigFile.read(path)).hasMessageContaining("Duplicate field 'port'");
    }

    @Test
    void theTopLevelMustBeAMapping() throws IOException {
        Path path = write("- port\n- bind\n");

        assertThatThrownBy(() -> ConfigFile.read(path))
                .hasMessage(path + ": expected 'key: value' settings at the top level, found a list");
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("lb.yaml"), yaml);
    }
}
