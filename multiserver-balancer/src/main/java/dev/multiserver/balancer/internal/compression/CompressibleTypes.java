package dev.multiserver.balancer.internal.compression;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Whether a {@code Content-Type} is in the configured list: {@code type/subtype} exactly, {@code type/*} for
 * any subtype, {@code +suffix} for any type with that structured syntax suffix. The list was validated (and
 * lower-cased) by {@code Compression}.
 */
final class CompressibleTypes {

    private final Set<String> exact = new HashSet<>();
    private final Set<String> anySubtype = new HashSet<>();
    private final Set<String> suffixes = new HashSet<>();

    CompressibleTypes(List<String> types) {
        for (String type : types) {
            if (type.startsWith("+")) {
                suffixes.add(type);
            } else if (type.endsWith("/*")) {
                anySubtype.add(type.substring(0, type.length() - 2));
            } else {
                exact.add(type);
            }
        }
    }

    /** Whether {@code contentType} (a header value, parameters and all; null when absent) is in the list. */
    boolean matches(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String media = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip()
                .toLowerCase(Locale.ROOT);
        int slash = media.indexOf('/');
        if (slash <= 0 || slash == media.length() - 1) {
            return false;
        }
        if (exact.contains(media) || anySubtype.contains(media.substring(0, slash))) {
            return true;
        }
        int plus = media.lastIndexOf('+');
        return plus > slash && suffixes.contains(media.substring(plus));
    }
}
