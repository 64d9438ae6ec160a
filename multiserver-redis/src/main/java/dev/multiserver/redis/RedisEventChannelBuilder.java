package dev.multiserver.redis;

import static java.util.Objects.requireNonNull;

import dev.multiserver.pubsub.EventChannelOptions;
import java.nio.file.Path;

/**
 * Settings of a {@link RedisEventChannel}; from {@link RedisEventChannel#builder(String)}. Each setting may be set
 * once; {@link #build()} may be called again for another channel with the same settings.
 *
 * <pre>{@code
 * RedisEventChannel channel = RedisEventChannel.builder("rediss://redis.internal:6380")
 *         .mode(RedisEventChannel.Mode.STREAMS)                // or ?mode=streams; default pub/sub
 *         .options(EventChannelOptions.defaults().withTimeout(Duration.ofMillis(500)))
 *         .trustedCertificates(Path.of("/etc/redis/ca.pem"))   // default: the JVM's trusted CAs
 *         .build();
 * }</pre>
 */
public final class RedisEventChannelBuilder {

    private final ChannelUri uri;
    private RedisEventChannel.Mode mode;
    private EventChannelOptions options;
    private Path trustedCertificates;

    RedisEventChannelBuilder(ChannelUri uri) {
        this.uri = uri;
        this.mode = uri.mode();
    }

    /**
     * Pub/sub (the default) or streams; see {@link RedisEventChannel}. Streams need a single server.
     *
     * @throws IllegalStateException when the mode is already set, here or by the URI's {@code ?mode=}
     */
    public RedisEventChannelBuilder mode(RedisEventChannel.Mode mode) {
        requireNonNull(mode, "mode");
        if (this.mode != null) {
            throw new IllegalStateException("mode: already set to " + this.mode.name().toLowerCase(java.util.Locale.ROOT)
                    + (uri.mode() != null ? " by the URI" : ""));
        }
        this.mode = checkMode(mode);
        return this;
    }

    /** The timeout, namespace and retention (for streams); default {@link EventChannelOptions#defaults()}. */
    public RedisEventChannelBuilder options(EventChannelOptions options) {
        requireNonNull(options, "options");
        if (this.options != null) {
            throw new IllegalStateException("options: already set to " + this.options);
        }
        this.options = options;
        return this;
    }

    /**
     * The certificates of the authorities to trust for {@code rediss://}, as a PEM file, instead of the JVM's;
     * for servers with certificates of a private CA. The server's certificate must name the host of the URI.
     */
    public RedisEventChannelBuilder trustedCertificates(Path pemFile) {
        requireNonNull(pemFile, "pemFile");
        if (this.trustedCertificates != null) {
            throw new IllegalStateException("trustedCertificates: already set to " + this.trustedCertificates);
        }
        this.trustedCertificates = uri.base().checkTrustedCertificates(pemFile);
        return this;
    }

    /**
     * A new channel with these settings; it connects on first use.
     *
     * @throws IllegalArgumentException when streams are asked of a cluster
     */
    public RedisEventChannel build() {
        RedisEventChannel.Mode chosen = checkMode(mode != null ? mode : RedisEventChannel.Mode.PUBSUB);
        return new RedisEventChannel(new Settings(uri.base(), chosen,
                options != null ? options : EventChannelOptions.defaults(), trustedCertificates));
    }

    private RedisEventChannel.Mode checkMode(RedisEventChannel.Mode mode) {
        if (mode == RedisEventChannel.Mode.STREAMS && uri.base().cluster()) {
            throw new IllegalArgumentException("mode: streams for " + uri.base()
                    + " (expected: pubsub on a cluster; streams need a single server, redis:// or rediss://)");
        }
        return mode;
    }

    /** The settings a channel is built with. */
    record Settings(RedisStoreUri uri, RedisEventChannel.Mode mode, EventChannelOptions options,
            Path trustedCertificates) {
    }
}
