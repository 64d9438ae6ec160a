package dev.multiserver.cli.balance;

import dev.multiserver.balancer.LoadBalancerBuilder;
import dev.multiserver.cache.CacheRule;
import dev.multiserver.cache.ResponseCache;
import dev.multiserver.cache.ResponseCacheBuilder;
import dev.multiserver.cache.ResponseCacheStore;
import dev.multiserver.cache.ResponseCacheStores;
import java.util.ArrayList;
import java.util.List;

/**
 * The edge cache as {@code --cache*} and {@code cache:} give it, part by part. Off unless turned on: by
 * {@code --cache} or {@code enabled: true}, or by giving any of its other settings.
 */
final class CacheSettings {

    private Given<Boolean> enabled;
    private Given<Integer> size;
    private Given<Integer> maxObjectSize;
    private Given<String> shared;
    private final List<CacheRule> rules = new ArrayList<>();

    void enabled(boolean value, Origin origin) {
        enabled = new Given<>(value, origin);
    }

    void size(int bytes, Origin origin) {
        size = new Given<>(bytes, origin);
    }

    void maxObjectSize(int bytes, Origin origin) {
        maxObjectSize = new Given<>(bytes, origin);
    }

    void shared(String uri, Origin origin) {
        shared = new Given<>(uri, origin);
    }

    /** A rule from the config file, checked already. */
    void rule(CacheRule rule) {
        rules.add(rule);
    }

    /** Gives the builder its cache when it is on; returns how --check describes it. */
    String applyTo(LoadBalancerBuilder builder) {
        if (enabled == null || !enabled.value()) {
            return "off";
        }
        ResponseCacheBuilder cache = ResponseCache.builder();
        long bytes = size == null ? 256L << 20 : size.apply(value -> {
            cache.maxBytes(value);
            return (long) value;
        });
        long objectSize = maxObjectSize == null ? 8L << 20 : maxObjectSize.apply(value -> {
            cache.maxObjectSize(value);
            return (long) value;
        });
        rules.forEach(cache::rule);
        String sharedTier = "";
        if (shared != null) {
            ResponseCacheStore store = shared.apply(ResponseCacheStores::open);
            cache.sharedStore(store);
            sharedTier = ", shared through " + store.uri();
        }
        builder.cache(cache.build());
        return "on, " + (bytes >> 10) + " KiB in memory, objects up to " + (objectSize >> 10) + " KiB" + sharedTier
                + (rules.isEmpty() ? ", every GET and HEAD as its headers allow" : ", rules " + rules);
    }
}
