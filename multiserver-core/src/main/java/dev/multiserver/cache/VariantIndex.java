package dev.multiserver.cache;

import java.util.List;

/**
 * What a target's responses vary on, stored under the target's index key. Variant keys carry the index's nonce,
 * so deleting the index alone retires every variant of the target, even in a store that cannot delete by prefix.
 */
final class VariantIndex {

    private final String nonce;
    private final List<String> varyNames;
    /**
     * The last variant key worked out under this index for a request that varies on its Host alone, by the Host
     * value as sent: a decoded index serves every hit of its target, and those nearly always name one host.
     */
    private volatile HostKey lastHostKey;

    private record HostKey(String target, String host, String variantKey) {
    }

    VariantIndex(String nonce, List<String> varyNames) {
        this.nonce = nonce;
        this.varyNames = varyNames;
    }

    String nonce() {
        return nonce;
    }

    List<String> varyNames() {
        return varyNames;
    }

    boolean sameNames(List<String> names) {
        return varyNames.equals(names);
    }

    /** The variant key of {@code request} under this index, for the rule's vary names. */
    String variantKey(CacheRequest request, List<String> ruleNames, Keys.Digests digests) {
        String host = ruleNames.isEmpty() && varyNames.isEmpty() ? onlyHost(request.headers()) : null;
        if (host != null) {
            HostKey last = lastHostKey;
            if (last != null && last.host().equals(host) && last.target().equals(request.target())) {
                return last.variantKey();
            }
        }
        String variantKey = Keys.variant(request.target(), nonce,
                Keys.variantHash(request, ruleNames, varyNames, digests));
        if (host != null) {
            lastHostKey = new HostKey(request.target(), host, variantKey);
        }
        return variantKey;
    }

    /** The value of the one Host field; null when there is none or more than one. */
    private static String onlyHost(CacheHeaders headers) {
        String host = null;
        for (var field : headers.entries()) {
            if (field.getKey().equalsIgnoreCase("Host")) {
                if (host != null) {
                    return null;
                }
                host = field.getValue();
            }
        }
        return host;
    }

    @Override
    public String toString() {
        return "VariantIndex[" + nonce + ", " + varyNames + "]";
    }
}
