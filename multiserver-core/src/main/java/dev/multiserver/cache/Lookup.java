package dev.multiserver.cache;

import java.util.List;

/** One request on its way through the cache: what it asked and which rule applies. */
record Lookup(CacheRequest request, CacheRule rule, Directives directives, boolean head, Keys.Digests digests) {

    String target() {
        return request.target();
    }

    List<String> ruleVaryNames() {
        return rule == null ? List.of() : rule.varyHeaderNames();
    }

    boolean authorized() {
        return request.headers().contains("Authorization");
    }

    boolean ranged() {
        return request.headers().contains("Range");
    }

    /** The variant key of this request under an index. */
    String variantKey(VariantIndex index) {
        return index.variantKey(request, ruleVaryNames(), digests);
    }
}
