package dev.multiserver.balancer.algorithm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class HashKeyTest {

    @Test
    void namesItsSource() {
        assertThat(HashKey.header("X-User")).hasToString("header:X-User");
        assertThat(HashKey.cookie("JSESSIONID")).hasToString("cookie:JSESSIONID");
        assertThat(HashKey.clientAddress()).hasToString("client");
    }

    @Test
    void equalsAnotherForTheSameSourceWithHeaderNamesCaseInsensitive() {
        assertThat(HashKey.header("X-User")).isEqualTo(HashKey.header("x-user"))
                .hasSameHashCodeAs(HashKey.header("x-user"));
        assertThat(HashKey.cookie("sid")).isNotEqualTo(HashKey.cookie("SID")).isNotEqualTo(HashKey.header("sid"));
        assertThat(HashKey.clientAddress()).isEqualTo(HashKey.clientAddress());
    }

    @Test
    void refusesAHeaderNameThatIsNotAToken() {
        for (String bad : List.of("", "X User", "X-User:", "Ünicode")) {
            assertThatThrownBy(() -> HashKey.header(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("header name: \"" + bad + "\" (expected: at least one character, letters, digits and "
                            + "!#$%&'*+-.^_`|~ only, as RFC 9110 requires of a header name)");
        }
        assertThatThrownBy(() -> HashKey.header(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("header name");
    }

    @Test
    void refusesACookieNameThatIsNotAToken() {
        for (String bad : List.of("", "a b", "a=b", "a;b", "(x)")) {
            assertThatThrownBy(() -> HashKey.cookie(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("cookie name: \"" + bad + "\" (expected: at least one character, letters, digits and "
                            + "!#$%&'*+-.^_`|~ only, as RFC 6265 requires of a cookie name)");
        }
        assertThatThrownBy(() -> HashKey.cookie(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("cookie name");
    }
}
