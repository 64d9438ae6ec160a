package dev.multiserver.cli.balance;

import dev.multiserver.cli.config.SizeConverter;
import picocli.CommandLine.Option;

/** {@code balance}'s flags for the edge cache. */
final class CacheOptions {

    @Option(names = "--cache", negatable = true,
            description = "Cache responses at the balancer (RFC 9111, as a shared cache): a hit is answered without "
                    + "a backend. Without rules (cache.rules in the YAML) every GET and HEAD is considered and "
                    + "stored only as its Cache-Control or Expires allow. Any --cache-* flag turns it on. "
                    + "Default: off.")
    private Boolean enabled;

    @Option(names = "--cache-size", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "The most the cache keeps in memory, keys and responses; the least recently used go "
                    + "first. Default: 256MiB.")
    private Integer size;

    @Option(names = "--cache-max-object-size", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "Larger responses stream through without being stored. Default: 8MiB.")
    private Integer maxObjectSize;

    @Option(names = "--cache-shared", paramLabel = "URI",
            description = "A shared tier behind the memory one, so that balancers share hits: redis://HOST:PORT, "
                    + "rediss://…, redis-cluster://…, memcached://HOST:PORT[,HOST:PORT]. A store that is down is a "
                    + "miss. Default: none.")
    private String shared;

    /** The flags over the config file's; a {@code --cache-*} flag turns the cache on, and refuses --no-cache. */
    void applyTo(CacheSettings cache, Flags flags) {
        String part = size != null ? "--cache-size" : maxObjectSize != null ? "--cache-max-object-size"
                : shared != null ? "--cache-shared" : null;
        if (Boolean.FALSE.equals(enabled) && part != null) {
            throw flags.origin(part).problem("has no effect with --no-cache");
        }
        if (enabled == null && part != null) {
            cache.enabled(true, flags.origin(part));
        }
        flags.part("--cache", enabled, cache::enabled);
        flags.part("--cache-size", size, cache::size);
        flags.part("--cache-max-object-size", maxObjectSize, cache::maxObjectSize);
        flags.part("--cache-shared", shared, cache::shared);
    }
}
