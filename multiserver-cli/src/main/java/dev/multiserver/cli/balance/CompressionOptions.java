package dev.multiserver.cli.balance;

import dev.multiserver.cli.config.SizeConverter;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code balance}'s flags for compressing responses toward clients. */
final class CompressionOptions {

    @Option(names = "--compress", negatable = true,
            description = "Compress responses (br where the client takes it and its native library loads, else gzip) "
                    + "of the listed types when the client accepts it and the backend did not encode them; never "
                    + "bodies below the minimum size, nor Cache-Control: no-transform. Any --compress-* flag turns "
                    + "it on. Default: off.")
    private Boolean enabled;

    @Option(names = "--compress-min-size", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "Bodies whose Content-Length is smaller are sent as they are; a body of unknown length is "
                    + "always compressed. Default: 1KiB.")
    private Integer minSize;

    @Option(names = "--compress-types", paramLabel = "TYPE", split = ",",
            description = "The media types to compress, comma-separated: type/subtype, type/* or +suffix (replaces "
                    + "the list). Default: text/*,application/json,application/javascript,application/xml,"
                    + "application/wasm,image/svg+xml,+json,+xml.")
    private List<String> types;

    @Option(names = "--compress-brotli", negatable = true,
            description = "Offer Brotli (br) to clients that accept it. Default: on.")
    private Boolean brotli;

    @Option(names = "--compress-gzip-level", paramLabel = "N",
            description = "gzip's level, 1 (fastest) to 9 (smallest). Default: 6.")
    private Integer gzipLevel;

    @Option(names = "--compress-brotli-quality", paramLabel = "N",
            description = "Brotli's quality, 0 (fastest) to 11 (smallest). Default: 4.")
    private Integer brotliQuality;

    /** The flags over the config file's; a {@code --compress-*} flag turns compression on, and refuses --no-compress. */
    void applyTo(CompressionSettings compression, Flags flags) {
        String part = minSize != null ? "--compress-min-size" : types != null ? "--compress-types"
                : brotli != null ? "--compress-brotli" : gzipLevel != null ? "--compress-gzip-level"
                : brotliQuality != null ? "--compress-brotli-quality" : null;
        if (Boolean.FALSE.equals(enabled) && part != null) {
            throw flags.origin(part).problem("has no effect with --no-compress");
        }
        if (enabled == null && part != null) {
            compression.enabled(true, flags.origin(part));
        }
        flags.part("--compress", enabled, compression::enabled);
        flags.part("--compress-min-size", minSize, compression::minSize);
        flags.part("--compress-types", types, compression::types);
        flags.part("--compress-brotli", brotli, compression::brotli);
        flags.part("--compress-gzip-level", gzipLevel, compression::gzipLevel);
        flags.part("--compress-brotli-quality", brotliQuality, compression::brotliQuality);
    }
}
