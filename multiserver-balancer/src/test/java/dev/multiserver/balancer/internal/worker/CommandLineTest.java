package dev.multiserver.balancer.internal.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CommandLineTest {

    @Test
    void splitsOnWhitespaceAndSubstitutesThePortInEveryWord() {
        assertThat(CommandLine.words("java  -jar app.jar --port={port} --url http://h:{port}/", 4001))
                .containsExactly("java", "-jar", "app.jar", "--port=4001", "--url", "http://h:4001/");
    }

    @Test
    void keepsQuotedTextAsOneWordLikeAShell() {
        assertThat(CommandLine.split("sh -c 'exec java -jar \"my app.jar\"' \"a \\\"b\\\" \\\\c\" d\\ e ''"))
                .containsExactly("sh", "-c", "exec java -jar \"my app.jar\"", "a \"b\" \\c", "d e", "");
    }

    @Test
    void refusesACommandWithoutAProgram() {
        assertThatThrownBy(() -> CommandLine.check("   ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("command: '   ' (expected: a program and its arguments)");
    }

    @Test
    void namesAnUnterminatedQuoteAndWhereItStarts() {
        assertThatThrownBy(() -> CommandLine.check("java -jar 'app.jar")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("command: 'java -jar 'app.jar' has an unterminated ' at character 11");
        assertThatThrownBy(() -> CommandLine.check("echo \"hi")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("command: 'echo \"hi' has an unterminated \" at character 6");
        assertThatThrownBy(() -> CommandLine.check("echo hi\\")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("command: 'echo hi\\' ends with a lone backslash");
    }
}
