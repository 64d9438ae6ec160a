package dev.multiserver.cli.balance;

import dev.multiserver.balancer.Compression;
import dev.multiserver.balancer.LoadBalancerBuilder;
import java.util.List;

/**
 * Response compression as {@code --compress*} and {@code compression:} give it, part by part, on top of
 * {@link Compression#defaults()}. Off unless turned on: by {@code --compress} or {@code enabled: true}, or
 * by giving any of its other settings.
 */
final class CompressionSettings {

    private Given<Boolean> enabled;
    private Given<Integer> minSize;
    private Given<List<String>> types;
    private Given<Boolean> brotli;
    private Given<Integer> gzipLevel;
    private Given<Integer> brotliQuality;

    void enabled(boolean value, Origin origin) {
        enabled = new Given<>(value, origin);
    }

    void minSize(int bytes, Origin origin) {
        minSize = new Given<>(bytes, origin);
    }

    void types(List<String> value, Origin origin) {
        types = new Given<>(List.copyOf(value), origin);
    }

    void brotli(boolean value, Origin origin) {
        brotli = new Given<>(value, origin);
    }

    void gzipLevel(int value, Origin origin) {
        gzipLevel = new Given<>(value, origin);
    }

    void brotliQuality(int value, Origin origin) {
        brotliQuality = new Given<>(value, origin);
    }

    /** Configures the builder's compression when it is on; returns how --check describes it. */
    String applyTo(LoadBalancerBuilder builder) {
        if (enabled == null || !enabled.value()) {
            return "off";
        }
        Compression compression = Compression.defaults();
        if (minSize != null) {
            compression = minSize.apply(compression::withMinSize);
        }
        if (types != null) {
            compression = types.apply(compression::withTypes);
        }
        if (brotli != null) {
            compression = brotli.apply(compression::withBrotli);
        }
        if (gzipLevel != null) {
            compression = gzipLevel.apply(compression::withGzipLevel);
        }
        if (brotliQuality != null) {
            compression = brotliQuality.apply(compression::withBrotliQuality);
        }
        builder.compression(compression);
        return compression.toString();
    }
}
