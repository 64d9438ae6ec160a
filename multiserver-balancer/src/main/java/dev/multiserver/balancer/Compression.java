package dev.multiserver.balancer;

import static dev.multiserver.balancer.internal.Checks.checkArgument;
import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Compression of responses on their way to clients: gzip, and Brotli ({@code br}) where its native library
 * loads. A response is compressed when the client's {@code Accept-Encoding} takes one of them, its type is
 * in {@link #types()}, the backend did not encode it already, it is not smaller than {@link #minSize()},
 * and {@code Cache-Control: no-transform} does not forbid it; bodies are compressed as they stream, never
 * held whole. Off unless the builder is given one.
 *
 * <pre>{@code
 * LoadBalancer.builder()
 *         .compression(Compression.defaults().withMinSize(2048).withTypes("text/*", "application/json"))
 * }</pre>
 *
 * <p>A type is {@code type/subtype} ({@code application/json}), {@code type/*} ({@code text/*}), or a
 * structured syntax suffix ({@code +json} for {@code application/problem+json} and the like); parameters
 * of the response's {@code Content-Type} ({@code charset}) do not matter.
 */
public final class Compression {

    private static final List<String> DEFAULT_TYPES = List.of("text/*", "application/json", "application/javascript",
            "application/xml", "application/wasm", "image/svg+xml", "+json", "+xml");
    // An RFC 9110 token without '*': "*/*" would take in images and archives, which only get bigger.
    private static final String TOKEN = "[!#$%&'+.^_`|~0-9a-z-]+";
    private static final Pattern TYPE = Pattern.compile(TOKEN + "/(" + TOKEN + "|\\*)|\\+" + TOKEN);

    private final int minSize;
    private final List<String> types;
    private final boolean brotli;
    private final int gzipLevel;
    private final int brotliQuality;

    private Compression(int minSize, List<String> types, boolean brotli, int gzipLevel, int brotliQuality) {
        this.minSize = minSize;
        this.types = types;
        this.brotli = brotli;
        this.gzipLevel = gzipLevel;
        this.brotliQuality = brotliQuality;
    }

    /**
     * gzip at level 6 and Brotli at quality 4 (fast enough to compress as the bytes pass), for bodies of
     * 1024 bytes or more (or of unknown length) of the types text, JSON, JavaScript, XML, WebAssembly and
     * SVG: {@code text/*, application/json, application/javascript, application/xml, application/wasm,
     * image/svg+xml, +json, +xml}.
     */
    public static Compression defaults() {
        return new Compression(1024, DEFAULT_TYPES, true, 6, 4);
    }

    /**
     * Bodies whose {@code Content-Length} is below this many bytes are sent as they are: compressing them
     * saves less than it costs. A body of unknown length (streamed) is always compressed. 0 compresses
     * every body.
     */
    public Compression withMinSize(int bytes) {
        checkArgument(bytes >= 0, "compression minSize: %s (expected: >= 0)", bytes);
        return bytes == minSize ? this : new Compression(bytes, types, brotli, gzipLevel, brotliQuality);
    }

    /** The media types to compress, replacing the list; see the class description for the forms. */
    public Compression withTypes(String... types) {
        requireNonNull(types, "types");
        return withTypes(List.of(types));
    }

    /** The media types to compress, replacing the list; see the class description for the forms. */
    public Compression withTypes(List<String> types) {
        requireNonNull(types, "types");
        checkArgument(!types.isEmpty(), "compression types: [] (expected: at least one media type)");
        List<String> normalized = new ArrayList<>(types.size());
        for (String type : types) {
            requireNonNull(type, "types[]");
            String lower = type.strip().toLowerCase(Locale.ROOT);
            checkArgument(TYPE.matcher(lower).matches(),
                    "compression types: '%s' (expected: type/subtype, type/* or +suffix)", type);
            if (!normalized.contains(lower)) {
                normalized.add(lower);
            }
        }
        return normalized.equals(this.types) ? this
                : new Compression(minSize, List.copyOf(normalized), brotli, gzipLevel, brotliQuality);
    }

    /**
     * Whether Brotli may be used for clients that accept it; default true. When its native library cannot
     * be loaded on this platform, gzip is used alone whatever this says (a line in the log tells).
     */
    public Compression withBrotli(boolean enabled) {
        return enabled == brotli ? this : new Compression(minSize, types, enabled, gzipLevel, brotliQuality);
    }

    /** gzip's level, 1 (fastest) to 9 (smallest); default 6. */
    public Compression withGzipLevel(int level) {
        checkArgument(level >= 1 && level <= 9, "compression gzipLevel: %s (expected: 1-9)", level);
        return level == gzipLevel ? this : new Compression(minSize, types, brotli, level, brotliQuality);
    }

    /**
     * Brotli's quality, 0 (fastest) to 11 (smallest); default 4. Above 6 it costs far more CPU than it
     * saves bytes for responses compressed on the fly.
     */
    public Compression withBrotliQuality(int quality) {
        checkArgument(quality >= 0 && quality <= 11, "compression brotliQuality: %s (expected: 0-11)", quality);
        return quality == brotliQuality ? this : new Compression(minSize, types, brotli, gzipLevel, quality);
    }

    public int minSize() {
        return minSize;
    }

    /** The media types compressed, lower case, in the order given. */
    public List<String> types() {
        return types;
    }

    public boolean brotli() {
        return brotli;
    }

    public int gzipLevel() {
        return gzipLevel;
    }

    public int brotliQuality() {
        return brotliQuality;
    }

    @Override
    public String toString() {
        return (brotli ? "br quality " + brotliQuality + " (where available) or " : "") + "gzip level " + gzipLevel
                + ", bodies of " + minSize + "+ bytes of " + String.join(", ", types);
    }
}
