package dev.multiserver.cache;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable list of HTTP header fields: names compare without regard to case, and the order and repeats of the
 * fields are kept as they were given.
 *
 * <pre>{@code
 * CacheHeaders headers = CacheHeaders.of("Content-Type", "text/plain", "Cache-Control", "max-age=60");
 * headers.first("cache-control");                 // Optional[max-age=60]
 * CacheHeaders more = headers.with("Vary", "Accept-Encoding").without("Content-Type");
 * }</pre>
 */
public final class CacheHeaders {

    private static final CacheHeaders EMPTY = new CacheHeaders(List.of());

    private final List<Map.Entry<String, String>> entries;

    private CacheHeaders(List<Map.Entry<String, String>> entries) {
        this.entries = entries;
    }

    /** Headers from name, value, name, value, … */
    public static CacheHeaders of(String... nameValuePairs) {
        requireNonNull(nameValuePairs, "nameValuePairs");
        if (nameValuePairs.length % 2 != 0) {
            throw new IllegalArgumentException(
                    "nameValuePairs: " + nameValuePairs.length + " strings (expected: name, value pairs)");
        }
        Builder builder = builder();
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            builder.add(nameValuePairs[i], nameValuePairs[i + 1]);
        }
        return builder.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static CacheHeaders empty() {
        return EMPTY;
    }

    /** The value of the first field of that name. */
    public Optional<String> first(String name) {
        requireNonNull(name, "name");
        for (Map.Entry<String, String> entry : entries) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                return Optional.of(entry.getValue());
            }
        }
        return Optional.empty();
    }

    /** The values of every field of that name, in order. */
    public List<String> all(String name) {
        requireNonNull(name, "name");
        List<String> values = new ArrayList<>(2);
        for (Map.Entry<String, String> entry : entries) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                values.add(entry.getValue());
            }
        }
        return Collections.unmodifiableList(values);
    }

    public boolean contains(String name) {
        requireNonNull(name, "name");
        for (Map.Entry<String, String> entry : entries) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /** Every field in order, names as given. */
    public List<Map.Entry<String, String>> entries() {
        return entries;
    }

    /** These headers with every field of that name replaced by one field; {@code this} when nothing changes. */
    public CacheHeaders with(String name, String value) {
        checkField(name, value);
        List<String> existing = all(name);
        if (existing.size() == 1 && existing.get(0).equals(value)) {
            return this;
        }
        List<Map.Entry<String, String>> changed = new ArrayList<>(entries.size() + 1);
        for (Map.Entry<String, String> entry : entries) {
            if (!entry.getKey().equalsIgnoreCase(name)) {
                changed.add(entry);
            }
        }
        changed.add(Map.entry(name, value));
        return new CacheHeaders(Collections.unmodifiableList(changed));
    }

    /** These headers without any field of that name; {@code this} when there is none. */
    public CacheHeaders without(String name) {
        if (!contains(name)) {
            return this;
        }
        List<Map.Entry<String, String>> changed = new ArrayList<>(entries.size());
        for (Map.Entry<String, String> entry : entries) {
            if (!entry.getKey().equalsIgnoreCase(name)) {
                changed.add(entry);
            }
        }
        return new CacheHeaders(Collections.unmodifiableList(changed));
    }

    /**
     * These headers followed by fields the cache made itself (Age, the cache status), unchecked and without copying
     * the list: a hit pays for its own fields only. The caller has removed any earlier field of those names.
     */
    CacheHeaders followedBy(String name, String value, String otherName, String otherValue) {
        List<Map.Entry<String, String>> added = otherName == null ? List.of(Map.entry(name, value))
                : List.of(Map.entry(name, value), Map.entry(otherName, otherValue));
        return new CacheHeaders(new Concatenated(entries, added));
    }

    /** A read-only list of one list followed by another. */
    private static final class Concatenated extends java.util.AbstractList<Map.Entry<String, String>>
            implements java.util.RandomAccess {

        private final List<Map.Entry<String, String>> head;
        private final List<Map.Entry<String, String>> tail;

        Concatenated(List<Map.Entry<String, String>> head, List<Map.Entry<String, String>> tail) {
            this.head = head;
            this.tail = tail;
        }

        @Override
        public Map.Entry<String, String> get(int index) {
            int inHead = head.size();
            return index < inHead ? head.get(index) : tail.get(index - inHead);
        }

        @Override
        public int size() {
            return head.size() + tail.size();
        }
    }

    /** The number of fields. */
    int size() {
        return entries.size();
    }

    /** Every value of that name joined with ", " as a list-based field allows, or null when absent. */
    String joined(String name) {
        String single = null;
        StringBuilder several = null;
        for (Map.Entry<String, String> entry : entries) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                if (single == null) {
                    single = entry.getValue();
                } else {
                    if (several == null) {
                        several = new StringBuilder(single);
                    }
                    several.append(", ").append(entry.getValue());
                }
            }
        }
        return several != null ? several.toString() : single;
    }

    private static void checkField(String name, String value) {
        requireNonNull(name, "name");
        requireNonNull(value, "value");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("header name: empty");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c >= 0x7f || c == ':') {
                throw new IllegalArgumentException("header name: '" + name + "' (expected: a token)");
            }
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                throw new IllegalArgumentException("header " + name + ": value contains CR, LF or NUL");
            }
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CacheHeaders headers && headers.entries.equals(entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("CacheHeaders[");
        for (int i = 0; i < entries.size(); i++) {
            if (i > 0) {
                text.append(", ");
            }
            text.append(entries.get(i).getKey()).append(": ").append(entries.get(i).getValue());
        }
        return text.append(']').toString();
    }

    static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /**
     * Collects fields in order.
     *
     * <pre>{@code
     * CacheHeaders headers = CacheHeaders.builder().add("Vary", "Accept").add("Vary", "Cookie").build();
     * }</pre>
     */
    public static final class Builder {

        private final List<Map.Entry<String, String>> entries = new ArrayList<>();

        private Builder() {
        }

        /** Adds a field after those already added. */
        public Builder add(String name, String value) {
            checkField(name, value);
            entries.add(Map.entry(name, value));
            return this;
        }

        /** Adds every field of {@code headers}. */
        public Builder addAll(CacheHeaders headers) {
            requireNonNull(headers, "headers");
            entries.addAll(headers.entries);
            return this;
        }

        public CacheHeaders build() {
            return entries.isEmpty() ? EMPTY : new CacheHeaders(List.copyOf(entries));
        }
    }
}
