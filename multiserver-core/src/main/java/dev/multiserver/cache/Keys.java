package dev.multiserver.cache;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Store keys. A target's index lives under "i TARGET", its responses under "v TARGET NONCE HASH", where HASH
 * digests the normalized request values of Host, the rule's varyHeaders and the response's Vary fields. A target
 * holds no whitespace, so "v TARGET " is a prefix of that target's variants only.
 */
final class Keys {

    static final int MAX_TARGET_LENGTH = 4096;

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

    /** A digest of the request's values for Host, the rule's names and the Vary names. */
    static String variantHash(CacheRequest request, List<String> ruleNames, List<String> varyNames) {
        TreeSet<String> names = new TreeSet<>();
        names.add("host");
        names.addAll(ruleNames);
        names.addAll(varyNames);
        StringBuilder text = new StringBuilder();
        for (String name : names) {
            text.append(name).append('=');
            List<String> parts = new ArrayList<>();
            for (String value : request.headers().all(name)) {
                for (String part : value.split(",")) {
                    String trimmed = part.trim().replaceAll("\\s+", " ");
                    if (!trimmed.isEmpty()) {
                        parts.add(name.equals("host") ? trimmed.toLowerCase(Locale.ROOT) : trimmed);
                    }
                }
            }
            text.append(String.join(",", parts)).append('\n');
        }
        return digest(text.toString());
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
