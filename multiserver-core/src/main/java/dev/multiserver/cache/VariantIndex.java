package dev.multiserver.cache;

import java.util.List;

/**
 * What a target's responses vary on, stored under the target's index key. Variant keys carry the index's nonce,
 * so deleting the index alone retires every variant of the target, even in a store that cannot delete by prefix.
 */
record VariantIndex(String nonce, List<String> varyNames) {

    boolean sameNames(List<String> names) {
        return varyNames.equals(names);
    }
}
