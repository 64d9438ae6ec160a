package dev.multiserver.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AttributeNamesTest {

    @Test
    void plainNamesAndAnyUnicodeAreKeptAsTheyAre() {
        for (String name : List.of("user", "with space:and:colons", "ünïcødé ✓ 🙂", "a-b_c", "end$")) {
            assertThat(AttributeNames.escape(name)).isEqualTo(name.replace("$", "%24"));
        }
    }

    @Test
    void dotsDollarsPercentsAndNulAreEscaped() {
        assertThat(AttributeNames.escape("a.b")).isEqualTo("a%2Eb");
        assertThat(AttributeNames.escape("$set")).isEqualTo("%24set");
        assertThat(AttributeNames.escape("100%")).isEqualTo("100%25");
        assertThat(AttributeNames.escape("a\0b")).isEqualTo("a%00b");
        assertThat(AttributeNames.escape("")).isEqualTo("%");
    }

    @Test
    void escapedNamesHaveNoDotDollarOrNulAndReadBack() {
        for (String name : List.of("", "%", "%%", "%25", "a%2Eb", ".", "..", "$", "$$.%", "\0", "x.y.z",
                "ünï.cødé", "%2", "%G1", "🙂.🙂")) {
            String field = AttributeNames.escape(name);

            assertThat(field).as(name).isNotEmpty().doesNotContain(".", "$", "\0");
            assertThat(AttributeNames.unescape(field)).as(name).isEqualTo(name);
        }
    }

    @Test
    void fieldNamesThisStoreDoesNotWriteAreRefused() {
        for (String field : List.of("a.b", "$set", "%2", "%2e", "%41", "%ZZ", "a%")) {
            assertThatThrownBy(() -> AttributeNames.unescape(field))
                    .as(field)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("field '" + field + "': ");
        }
    }
}
