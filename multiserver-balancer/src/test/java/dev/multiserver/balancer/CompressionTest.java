package dev.multiserver.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CompressionTest {

    @Test
    void theDefaultsCompressTextJsonJavaScriptXmlWasmAndSvgFrom1024Bytes() {
        Compression defaults = Compression.defaults();

        assertThat(defaults.minSize()).isEqualTo(1024);
        assertThat(defaults.types()).containsExactly("text/*", "application/json", "application/javascript",
                "application/xml", "application/wasm", "image/svg+xml", "+json", "+xml");
        assertThat(defaults.brotli()).isTrue();
        assertThat(defaults.gzipLevel()).isEqualTo(6);
        assertThat(defaults.brotliQuality()).isEqualTo(4);
    }

    @Test
    void typesAreKeptLowerCaseWithoutRepeats() {
        assertThat(Compression.defaults().withTypes(" Text/HTML", "text/html", "+JSON", "application/*").types())
                .containsExactly("text/html", "+json", "application/*");
    }

    @Test
    void aSettingThatChangesNothingReturnsTheSameValue() {
        Compression defaults = Compression.defaults();

        assertThat(defaults.withMinSize(1024)).isSameAs(defaults);
        assertThat(defaults.withTypes(defaults.types())).isSameAs(defaults);
        assertThat(defaults.withBrotli(true)).isSameAs(defaults);
        assertThat(defaults.withGzipLevel(6).withBrotliQuality(4)).isSameAs(defaults);
    }

    @ParameterizedTest
    @ValueSource(strings = {"text", "*/*", "text/", "/json", "json+", "+", "text/html; charset=utf-8", "text/ html"})
    void refusesATypeInNoKnownForm(String type) {
        assertThatThrownBy(() -> Compression.defaults().withTypes(type))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("compression types: '" + type + "' (expected: type/subtype, type/* or +suffix)");
    }

    @Test
    void refusesBadValuesNamingTheSetting() {
        Compression defaults = Compression.defaults();

        assertThatThrownBy(() -> defaults.withMinSize(-1)).hasMessage("compression minSize: -1 (expected: >= 0)");
        assertThatThrownBy(() -> defaults.withTypes(List.of()))
                .hasMessage("compression types: [] (expected: at least one media type)");
        assertThatThrownBy(() -> defaults.withGzipLevel(0)).hasMessage("compression gzipLevel: 0 (expected: 1-9)");
        assertThatThrownBy(() -> defaults.withBrotliQuality(12))
                .hasMessage("compression brotliQuality: 12 (expected: 0-11)");
    }

    @Test
    void describesItself() {
        assertThat(Compression.defaults().withBrotli(false).withTypes("text/*").withMinSize(0))
                .hasToString("gzip level 6, bodies of 0+ bytes of text/*");
    }
}
