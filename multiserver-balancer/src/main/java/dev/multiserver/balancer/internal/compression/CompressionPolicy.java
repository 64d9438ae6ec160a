package dev.multiserver.balancer.internal.compression;

import dev.multiserver.balancer.Compression;
import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.compression.Brotli;
import io.netty.handler.codec.compression.BrotliEncoder;
import io.netty.handler.codec.compression.BrotliMode;
import io.netty.handler.codec.compression.BrotliOptions;
import io.netty.handler.codec.compression.StandardCompressionOptions;
import io.netty.handler.codec.compression.ZlibCodecFactory;
import io.netty.handler.codec.compression.ZlibWrapper;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one balancer compresses and with what, from its {@link Compression} settings: shared by every
 * connection's {@link ResponseCompressor}, immutable. Brotli is offered only when its native library
 * loads here; when it was wanted and does not, that is logged once, here, and gzip serves alone.
 */
public final class CompressionPolicy {

    private static final Logger log = LoggerFactory.getLogger(CompressionPolicy.class);
    /** Brotli's window: 512 KiB (the default would be 4 MiB), which bounds its memory per response. */
    private static final int BROTLI_WINDOW_BITS = 19;

    private final Compression settings;
    private final CompressibleTypes types;
    private final Set<ContentCoding> offered;
    private final BrotliOptions brotli;

    private CompressionPolicy(Compression settings, boolean brotliAvailable) {
        this.settings = settings;
        this.types = new CompressibleTypes(settings.types());
        this.offered = EnumSet.of(ContentCoding.GZIP);
        if (settings.brotli() && brotliAvailable) {
            offered.add(ContentCoding.BR);
            brotli = StandardCompressionOptions.brotli(settings.brotliQuality(), BROTLI_WINDOW_BITS,
                    BrotliMode.GENERIC);
        } else {
            brotli = null;
        }
    }

    /** The policy for {@code settings}, with Brotli when it is wanted and its native library loads. */
    public static CompressionPolicy of(Compression settings) {
        boolean available = settings.brotli() && Brotli.isAvailable();
        if (settings.brotli() && !available) {
            log.warn("Brotli is not available on this platform ({}): compressing responses with gzip only",
                    Brotli.cause() == null ? "no native library" : Brotli.cause().toString());
        }
        CompressionPolicy policy = new CompressionPolicy(settings, available);
        log.info("compressing responses: {}", policy);
        return policy;
    }

    /** The same policy without Brotli, as on a platform where it does not load: for tests. */
    static CompressionPolicy withoutBrotli(Compression settings) {
        return new CompressionPolicy(settings, false);
    }

    /**
     * The coding this request's client should get, or null when it accepts none on offer, or asks
     * intermediaries not to transform what it gets ({@code Cache-Control: no-transform}, RFC 9111 §5.2.1.6).
     */
    ContentCoding negotiate(HttpRequest request) {
        if (forbidsTransform(request.headers())) {
            return null;
        }
        return AcceptEncoding.preferred(request.headers().getAll(HttpHeaderNames.ACCEPT_ENCODING), offered);
    }

    /**
     * Whether this response may be compressed for a client that asks, its status aside: a listed type, not
     * encoded already, not below the minimum size, no {@code no-transform}, not a part of a whole (a
     * {@code Content-Range}), and no digest of its bytes that compression would break.
     */
    boolean compressible(HttpResponse response) {
        HttpHeaders headers = response.headers();
        String encoding = headers.get(HttpHeaderNames.CONTENT_ENCODING);
        if (encoding != null && !HttpHeaderValues.IDENTITY.contentEqualsIgnoreCase(encoding.strip())) {
            return false;
        }
        if (headers.contains(HttpHeaderNames.CONTENT_RANGE) || headers.contains("Content-Digest")
                || headers.contains("Repr-Digest") || headers.contains("Content-MD5")) {
            return false;
        }
        if (!types.matches(headers.get(HttpHeaderNames.CONTENT_TYPE)) || forbidsTransform(headers)) {
            return false;
        }
        String length = headers.get(HttpHeaderNames.CONTENT_LENGTH);
        if (length == null) {
            return true;
        }
        try {
            long bytes = Long.parseLong(length.strip());
            return bytes > 0 && bytes >= settings.minSize();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The encoder for one response's body; it lives in an {@code EmbeddedChannel} of its own. */
    ChannelHandler newEncoder(ContentCoding coding) {
        return switch (coding) {
            case GZIP -> ZlibCodecFactory.newZlibEncoder(ZlibWrapper.GZIP, settings.gzipLevel());
            case BR -> new BrotliEncoder(brotli);
        };
    }

    private static boolean forbidsTransform(HttpHeaders headers) {
        for (String value : headers.getAll(HttpHeaderNames.CACHE_CONTROL)) {
            for (String directive : value.split(",")) {
                if (directive.strip().equalsIgnoreCase("no-transform")) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return (offered.contains(ContentCoding.BR) ? "br quality " + settings.brotliQuality() + " or " : "")
                + "gzip level " + settings.gzipLevel() + ", bodies of " + settings.minSize() + "+ bytes of "
                + String.join(", ", settings.types());
    }
}
