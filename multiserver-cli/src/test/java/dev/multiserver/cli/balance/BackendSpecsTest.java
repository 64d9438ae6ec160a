package dev.multiserver.cli.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.multiserver.balancer.Backend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackendSpecsTest {

    @Test
    void aPlainUrlHasWeightOne() {
        assertThat(BackendSpecs.parse("http://10.0.0.1:9001")).isEqualTo(Backend.of("http://10.0.0.1:9001"))
                .extracting(Backend::weight).isEqualTo(1);
    }

    @Test
    void theFragmentGivesTheWeight() {
        Backend backend = BackendSpecs.parse("http://10.0.0.1:9001#weight=3");

        assertThat(backend).hasToString("http://10.0.0.1:9001 (weight 3)");
        assertThat(backend.weight()).isEqualTo(3);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            http://a:1#                  | 'http://a:1#': nothing after # (expected e.g. #weight=3)
            http://a:1#wieght=3          | 'http://a:1#wieght=3': unknown option 'wieght' after # (known: weight)
            http://a:1#weight=3&backup   | 'http://a:1#weight=3&backup': unknown option 'backup' after # (known: weight)
            http://a:1#weight            | 'http://a:1#weight': weight '' is not a whole number (expected e.g. #weight=3)
            http://a:1#weight=x          | 'http://a:1#weight=x': weight 'x' is not a whole number (expected e.g. #weight=3)
            http://a:1#weight=2&weight=3 | 'http://a:1#weight=2&weight=3': weight is given twice
            http://a:1#weight=0          | 'http://a:1#weight=0': weight 0 (expected: 1-1000)
            http://a:1#weight=1001       | 'http://a:1#weight=1001': weight 1001 (expected: 1-1000)
            """)
    void aBadFragmentIsNamedWithTheWholeValue(String text, String message) {
        assertThatIllegalArgumentException().isThrownBy(() -> BackendSpecs.parse(text)).withMessage(message);
    }

    @Test
    void aBadUrlIsStillTheLibrarysMessage() {
        assertThatIllegalArgumentException().isThrownBy(() -> BackendSpecs.parse("ftp://a:1#weight=2"))
                .withMessageContaining("'ftp://a:1' has scheme ftp");
    }
}
