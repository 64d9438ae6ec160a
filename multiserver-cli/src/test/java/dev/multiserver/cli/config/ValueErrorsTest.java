package dev.multiserver.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValueErrorsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            maxConcurrentConnections: -1 (expected: >= 0)              | -1 (expected: >= 0)
            health check interval: PT0S (expected: >= 10 ms)           | PT0S (expected: >= 10 ms)
            passive health check maxEjectionTime: PT1S (expected: x)   | PT1S (expected: x)
            backend: 'ftp://a:1' has scheme ftp                        | 'ftp://a:1' has scheme ftp
            'fastest' is not a built-in algorithm (a, b)               | 'fastest' is not a built-in algorithm (a, b)
            class 'a.B' is not on the class path (built-in: a)         | class 'a.B' is not on the class path (built-in: a)
            """)
    void dropsTheSetterNameTheLibraryStartsWith(String message, String detail) {
        assertThat(ValueErrors.detail(new IllegalArgumentException(message))).isEqualTo(detail);
    }
}
