package dev.multiserver.balancer.internal.compression;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a request's {@code Accept-Encoding} (RFC 9110 §12.5.3): which of the codings on offer the client
 * wants most. Quality values count ({@code q=0} refuses a coding, also one {@code *} would allow); a coding
 * the client does not name is acceptable only through {@code *}; equal ratings go to the earlier
 * {@link ContentCoding}. No header, or an empty one, accepts none.
 */
final class AcceptEncoding {

    private static final Pattern QVALUE = Pattern.compile("0(\\.[0-9]{0,3})?|1(\\.0{0,3})?");

    private AcceptEncoding() {
    }

    /** The coding of {@code offered} the client rates highest above zero, or null when it takes none of them. */
    static ContentCoding preferred(List<String> headerValues, Set<ContentCoding> offered) {
        Map<ContentCoding, Double> named = new EnumMap<>(ContentCoding.class);
        double any = 0;
        for (String value : headerValues) {
            for (String element : value.split(",")) {
                String[] parts = element.split(";");
                String coding = parts[0].strip().toLowerCase(Locale.ROOT);
                double q = quality(parts);
                if (coding.isEmpty() || Double.isNaN(q)) {
                    continue;
                }
                if (coding.equals("*")) {
                    any = Math.max(any, q);
                } else {
                    ContentCoding known = known(coding);
                    if (known != null) {
                        named.merge(known, q, Math::max);
                    }
                }
            }
        }
        ContentCoding best = null;
        double bestQ = 0;
        for (ContentCoding coding : ContentCoding.values()) {
            double q = named.getOrDefault(coding, any);
            if (offered.contains(coding) && q > bestQ) {
                best = coding;
                bestQ = q;
            }
        }
        return best;
    }

    /** {@code x-gzip} is gzip (RFC 9110 §8.4.1.3). */
    private static ContentCoding known(String coding) {
        return switch (coding) {
            case "gzip", "x-gzip" -> ContentCoding.GZIP;
            case "br" -> ContentCoding.BR;
            default -> null;
        };
    }

    /** The element's {@code q}, 1 without one, NaN when it is malformed (the element is then ignored). */
    private static double quality(String[] parts) {
        double q = 1;
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip();
            int equals = parameter.indexOf('=');
            if (equals < 0 || !parameter.substring(0, equals).strip().equalsIgnoreCase("q")) {
                continue;
            }
            String value = parameter.substring(equals + 1).strip();
            if (!QVALUE.matcher(value).matches()) {
                return Double.NaN;
            }
            q = Double.parseDouble(value);
        }
        return q;
    }
}
