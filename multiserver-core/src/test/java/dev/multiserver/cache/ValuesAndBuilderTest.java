package dev.multiserver.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValuesAndBuilderTest {

    @Test
    void headersCompareNamesWithoutCaseAndKeepOrderAndRepeats() {
        CacheHeaders headers = CacheHeaders.of("Vary", "A", "Content-Type", "text/plain", "vary", "B");

        assertThat(headers.first("VARY")).contains("A");
        assertThat(headers.all("vary")).containsExactly("A", "B");
        assertThat(headers.entries()).containsExactly(Map.entry("Vary", "A"), Map.entry("Content-Type", "text/plain"),
                Map.entry("vary", "B"));
        assertThat(headers.with("VARY", "C").all("vary")).containsExactly("C");
        assertThat(headers.without("vary").entries()).containsExactly(Map.entry("Content-Type", "text/plain"));
        assertThat(headers.without("X-None")).isSameAs(headers);
        assertThat(CacheHeaders.of("A", "1").with("a", "1")).isEqualTo(CacheHeaders.of("A", "1"));
        assertThat(CacheHeaders.empty().contains("A")).isFalse();
    }

    @Test
    void badHeadersAreRefusedNamingTheField() {
        assertThatThrownBy(() -> CacheHeaders.of("A")).hasMessageContaining("name, value pairs");
        assertThatThrownBy(() -> CacheHeaders.of("Bad Name", "x")).hasMessageContaining("'Bad Name'");
        assertThatThrownBy(() -> CacheHeaders.of("X-A", "a\r\nInjected: 1")).hasMessageContaining("X-A");
        assertThatThrownBy(() -> new CachedResponse(42, CacheHeaders.empty(), new byte[0]))
                .hasMessage("status: 42 (expected: 100-999)");
    }

    @Test
    void builderRefusesBadValuesAndContradictions() {
        assertThatThrownBy(() -> ResponseCache.builder().maxObjectSize(0))
                .hasMessage("maxObjectSize: 0 (expected: > 0)");
        assertThatThrownBy(() -> ResponseCache.builder().maxBytes(-1)).hasMessage("maxBytes: -1 (expected: > 0)");
        assertThatThrownBy(() -> ResponseCache.builder().collapseTimeout(Duration.ZERO))
                .hasMessage("collapseTimeout: PT0S (expected: > 0)");
        assertThatThrownBy(() -> ResponseCache.builder().maxBytes(1).maxBytes(2))
                .hasMessage("maxBytes: already set");
        assertThatThrownBy(() -> ResponseCache.builder().noCacheStatusHeader().cacheStatusHeader("X-C"))
                .hasMessage("cacheStatusHeader: already set");
        assertThatThrownBy(() -> ResponseCache.builder().cacheStatusHeader("bad name"))
                .hasMessageContaining("'bad name'");
        assertThatThrownBy(() -> ResponseCache.builder().store(ResponseCacheStore.memory(10)).maxBytes(10).build())
                .hasMessageContaining("maxBytes").hasMessageContaining("memory:");
    }

    @Test
    void builderIsReusable() {
        ResponseCacheBuilder builder = ResponseCache.builder().maxBytes(1 << 20);
        try (ResponseCache one = builder.build(); ResponseCache two = builder.build()) {
            assertThat(one).isNotSameAs(two);
        }
    }

    @Test
    void rulesRefuseBadInputNamingTheRule() {
        assertThatThrownBy(() -> CacheRule.path("static/*")).hasMessageContaining("expected: starts with '/'");
        assertThatThrownBy(() -> CacheRule.path("/a*/b")).hasMessageContaining("'*' only at the end");
        assertThatThrownBy(() -> CacheRule.regex("(")).hasMessageContaining("regex: '('");
        assertThatThrownBy(() -> CacheRule.path("/a").defaultTtl(Duration.ZERO))
                .hasMessageContaining("path /a");
    }

    @Test
    void rulesMatchPathsWithoutTheQuery() {
        CacheRequest request = new CacheRequest("GET", "/static/app.js?v=3", CacheHeaders.empty());

        assertThat(CacheRule.path("/static/*").matches(request)).isTrue();
        assertThat(CacheRule.path("/static/app.js").matches(request)).isTrue();
        assertThat(CacheRule.path("/static").matches(request)).isFalse();
        assertThat(CacheRule.regex("\\.js$").matches(request)).isTrue();
    }

    @Test
    void corruptEntriesReadAsMisses() {
        assertThat(EntryCodec.decodeEntry(new byte[] {'E', 1, 2})).isNull();
        assertThat(EntryCodec.decodeEntry(new byte[0])).isNull();
        assertThat(EntryCodec.decodeIndex("garbage".getBytes())).isNull();
        Entry entry = new Entry(200, CacheHeaders.of("A", "1"), new byte[] {0, (byte) 255}, 1, 2, -1);
        Entry back = EntryCodec.decodeEntry(EntryCodec.encode(entry));
        assertThat(back.headers).isEqualTo(entry.headers);
        assertThat(back.body).containsExactly(0, 255);
    }

    @Test
    void variantKeysStayTheSameAcrossVersionsSoSharedTiersKeepTheirEntries() {
        // the digest of "accept-language=en,fr-CA q=1\nhost=a.example:80\n" as the first version computed it
        CacheRequest request = new CacheRequest("GET", "/p", CacheHeaders.of("Host", " A.Example:80 ",
                "Accept-Language", "en, ", "accept-language", " fr-CA \t q=1"));

        assertThat(Keys.variantHash(request, List.of(), List.of("accept-language"), new Keys.Digests()))
                .isEqualTo("AF2JNqmoV3x8yk4jDXbMpK");
    }

    @Test
    void aCorruptStoredArrayStaysAMissOnEveryRead() {
        Decoded decoded = new Decoded();
        byte[] corrupt = {'E', 1, 2};

        assertThat(decoded.entry(corrupt)).isNull();
        assertThat(decoded.entry(corrupt)).isNull();
        assertThat(decoded.index(corrupt)).isNull();
    }
}
