package dev.multiserver.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SizesTest {

    @ParameterizedTest
    @CsvSource({
        "0, 0",
        "65536, 65536",
        "512B, 512",
        "64KiB, 65536",
        "1MiB, 1048576",
        "16MiB, 16777216",
        "1GiB, 1073741824",
        "' 2KiB ', 2048",
        "2147483647, 2147483647",
    })
    void readsBytesAndBinaryUnits(String text, int expected) {
        assertThat(Sizes.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "KiB", "64KB", "64kib", "64 KiB", "1.5MiB", "64K", "1MB", "lots", "0x10"})
    void refusesWhatIsNotASizeNamingTheValue(String text) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Sizes.parse(text))
                .withMessage("'%s' is not a size (expected e.g. 65536, 64KiB, 1MiB)", text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "-64KiB"})
    void refusesNegativeSizes(String text) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Sizes.parse(text))
                .withMessage("'%s' is negative (expected a size of 0 or more, e.g. 65536, 64KiB, 1MiB)", text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2GiB", "2147483648", "99999999999999999999", "9999999999999999GiB"})
    void refusesSizesAnIntCannotHold(String text) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Sizes.parse(text))
                .withMessage("'%s' is too large (expected at most 2147483647 bytes)", text);
    }
}
