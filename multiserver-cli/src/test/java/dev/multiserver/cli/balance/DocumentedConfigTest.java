package dev.multiserver.cli.balance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The YAML examples the documentation shows are accepted as they stand. */
class DocumentedConfigTest {

    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"../README.md", "../docs/CLI.md"})
    void everyYamlExampleIsAValidConfig(String document) throws IOException {
        Matcher blocks = YAML_BLOCK.matcher(Files.readString(Path.of(document)));
        int checked = 0;
        while (blocks.find()) {
            Path config = Files.writeString(dir.resolve("example" + checked + ".yaml"), blocks.group(1));

            List<String> summary = Checks.valid("--config", config.toString());

            assertThat(summary).as(document + " example " + checked).first().asString()
                    .startsWith("balance: settings are valid");
            checked++;
        }
        assertThat(checked).as("YAML examples in " + document).isPositive();
    }
}
