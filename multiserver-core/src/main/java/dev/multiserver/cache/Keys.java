package dev.multiserver.cache;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Store keys. A target's index lives under "i TARGET", its responses under "v TARGET NONCE HASH", where HASH
 * digests the normalized request values of Host, the rule's varyHeaders and the response's Vary fields. A target
 * holds no whitespace, so "v TARGET " is a prefix of that target's variants only.
 */
final class Keys {

    static final int MAX_TARGET_LENGTH = 4096;
    private static final List<String> HOST_ONLY = List.of("host");

    private Keys() {
    }

    static boolean validTarget(String target) {
        if (target.isEmpty() || target.length() > MAX_TARGET_LENGTH) {
            return false;
        }
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    static String index(String target) {
        return "i " + target;
    }

    static String variantPrefix(String target) {
        return "v " + target + " ";
    }

    static String variant(String target, String nonce, String hash) {
        return variantPrefix(target) + nonce + " " + hash;
    }

    /** The response's Vary names, lower-cased and sorted; contains "*" when it varies on everything. */
    static List<String> varyNames(CacheHeaders responseHeaders) {
        TreeSet<String> names = new TreeSet<>();
        for (String vary : responseHeaders.all("Vary")) {
            for (String name : vary.split(",")) {
                String trimmed = name.trim().toLowerCase(Locale.ROOT);
                if (!trimmed.isEmpty()) {
                    names.add(trimmed);
                }
            }
        }
        return List.copyOf(names);
    }

    /**
     * A digest of the request's values for Host, the rule's names and the Vary names; texts digested before are
     * taken from {@code known}.
     */
    static String variantHash(CacheRequest request, List<String> ruleNames, List<String> varyNames, Digests known) {
        return known.of(variantText(request, ruleNames, varyNames));
    }

    /** What the variant hash digests: each name in order, "=", its normalized values, a newline. */
    private static String variantText(CacheRequest request, List<String> ruleNames, List<String> varyNames) {
        // most targets vary on nothing: Host alone, without sorting anything
        Iterable<String> names = ruleNames.isEmpty() && varyNames.isEmpty() ? HOST_ONLY
                : sortedNames(ruleNames, varyNames);
        StringBuilder text = new StringBuilder(64);
        for (String name : names) {
            text.append(name).append('=');
            boolean host = name.equals("host");
            boolean first = true;
            for (Map.Entry<String, String> field : request.headers().entries()) {
                if (field.getKey().equalsIgnoreCase(name)) {
                    first = appendParts(text, field.getValue(), host, first);
                }
            }
            text.append('\n');
        }
        return text.toString();
    }

    private static TreeSet<String> sortedNames(List<String> ruleNames, List<String> varyNames) {
        TreeSet<String> names = new TreeSet<>();
        names.add("host");
        names.addAll(ruleNames);
        names.addAll(varyNames);
        return names;
    }

    /**
     * Appends the comma-separated parts of a value as {@code String.trim()} and the regex {@code \\s+ -> " "} would
     * leave them, empty parts skipped, lower-cased for the host. Answers whether nothing was appended yet.
     */
    private static boolean appendParts(StringBuilder text, String value, boolean host, boolean first) {
        int length = value.length();
        int start = 0;
        while (start <= length) {
            int end = value.indexOf(',', start);
            if (end < 0) {
                end = length;
            }
            int from = start;
            int to = end;
            while (from < to && value.charAt(from) <= ' ') {
                from++;
            }
            while (to > from && value.charAt(to - 1) <= ' ') {
                to--;
            }
            if (from < to) {
                if (!first) {
                    text.append(',');
                }
                first = false;
                int partStart = text.length();
                boolean inSpace = false;
                for (int i = from; i < to; i++) {
                    char c = value.charAt(i);
                    if (c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r') {
                        inSpace = true;
                        continue;
                    }
                    if (inSpace) {
                        text.append(' ');
                        inSpace = false;
                    }
                    text.append(c);
                }
                if (host) {
                    String part = text.substring(partStart);
                    text.setLength(partStart);
                    text.append(part.toLowerCase(Locale.ROOT));
                }
            }
            start = end + 1;
        }
        return first;
    }

    /** Digests already computed, by text: the same few Host and Vary values come back on every hit. */
    static final class Digests {

        private final Cache<String, String> known = Caffeine.newBuilder()
                .maximumSize(10_000)
                .executor(Runnable::run)
                .build();

        String of(String text) {
            String hash = known.getIfPresent(text);
            if (hash == null) {
                hash = digest(text);
                known.put(text, hash);
            }
            return hash;
        }
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash).substring(0, 22);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
