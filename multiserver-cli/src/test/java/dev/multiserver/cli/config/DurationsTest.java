package dev.multiserver.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({
        "250ms, PT0.25S",
        "5s, PT5S",
        "2m, PT2M",
        "1h, PT1H",
        "0s, PT0S",
        "' 30s ', PT30S",
        "PT5S, PT5S",
        "pt1m30s, PT1M30S",
        "P1D, PT24H",
    })
    void readsShortFormsAndIso8601(String text, Duration expected) {
        assertThat(Durations.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"5x", "", "  ", "5", "s", "ms", "5 s", "5S", "1.5s", "soon", "P", "PTxS"})
    void refusesWhatIsNotADurationNamingTheValue(String text) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Durations.parse(text))
                .withMessage("'%s' is not a duration (expected e.g. 250ms, 5s, 2m)", text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1s", "-250ms", "PT-5S", "-PT5S"})
    void refusesNegativeDurationsNamingTheValue(String text) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Durations.parse(text))
                .withMessage("'%s' is negative (expected a duration of 0 or more, e.g. 250ms, 5s, 2m)", text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"99999999999999999999s", "9999999999999999h"})
    void refusesDurationsTooLongToRepresent(String text) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Durations.parse(text))
                .withMessage("'%s' is too long to be a duration", text);
    }
}
