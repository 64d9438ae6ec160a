package dev.multiserver.balancer.internal.route;

import static dev.multiserver.balancer.internal.Checks.checkArgument;
import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A route's path: literal segments ({@code /users}), parameters that take one whole segment
 * ({@code /users/{id}}), and optionally a trailing {@code *} that takes the rest, none or more segments
 * ({@code /static/*} matches {@code /static}, {@code /static/} and {@code /static/css/a.css}). Literals and
 * parameters are compared and handed out percent-decoded.
 *
 * <p>When several patterns match a path, the most specific wins: segment by segment from the left, a
 * literal beats a parameter, which beats the {@code *}.
 */
public final class PathPattern {

    private static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final int LITERAL = 3;
    private static final int PARAMETER = 2;
    private static final int REST = 1;

    private final String text;
    /** The decoded literal of each segment, or null where a parameter is. */
    private final String[] literals;
    /** The parameter's name of each segment, or null where a literal is. */
    private final String[] parameters;
    private final boolean rest;

    private PathPattern(String text, String[] literals, String[] parameters, boolean rest) {
        this.text = text;
        this.literals = literals;
        this.parameters = parameters;
        this.rest = rest;
    }

    /** @throws IllegalArgumentException naming the pattern and what is wrong with it */
    public static PathPattern parse(String pattern) {
        requireNonNull(pattern, "pattern");
        checkArgument(pattern.startsWith("/"), "pattern '%s' (expected: a path starting with /)", pattern);
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            checkArgument(c > ' ' && c < 0x7f && c != '?' && c != '#',
                    "pattern '%s' has '%s' at %s (expected: a path without a query, spaces or control characters)",
                    pattern, c, i);
        }
        String[] parts = pattern.substring(1).split("/", -1);
        boolean rest = parts[parts.length - 1].equals("*");
        int count = rest ? parts.length - 1 : parts.length;
        String[] literals = new String[count];
        String[] parameters = new String[count];
        Set<String> names = new HashSet<>();
        for (int i = 0; i < count; i++) {
            String part = parts[i];
            if (part.startsWith("{") && part.endsWith("}") && part.length() > 2) {
                String name = part.substring(1, part.length() - 1);
                checkArgument(PARAMETER_NAME.matcher(name).matches(),
                        "pattern '%s': parameter {%s} (expected: a name of letters, digits and _)", pattern, name);
                checkArgument(names.add(name), "pattern '%s': parameter {%s} is named twice", pattern, name);
                parameters[i] = name;
            } else {
                checkArgument(part.indexOf('{') < 0 && part.indexOf('}') < 0 && part.indexOf('*') < 0,
                        "pattern '%s': segment '%s' (expected: a literal, {name}, or * as the last segment)",
                        pattern, part);
                String literal = PathSegments.decode(part);
                checkArgument(literal != null, "pattern '%s': segment '%s' has a bad %%-escape", pattern, part);
                literals[i] = literal;
            }
        }
        return new PathPattern(pattern, literals, parameters, rest);
    }

    /**
     * The parameters when {@code segments} (a path's, decoded) match, else {@code null}. A match without
     * parameters is an empty map.
     */
    Map<String, String> match(String[] segments) {
        int count = literals.length;
        if (rest ? segments.length < count : segments.length != count) {
            return null;
        }
        Map<String, String> values = null;
        for (int i = 0; i < count; i++) {
            if (literals[i] != null) {
                if (!literals[i].equals(segments[i])) {
                    return null;
                }
            } else {
                if (values == null) {
                    values = new LinkedHashMap<>(4);
                }
                values.put(parameters[i], segments[i]);
            }
        }
        if (rest) {
            if (values == null) {
                values = new LinkedHashMap<>(2);
            }
            values.put("*", String.join("/", Arrays.asList(segments).subList(count, segments.length)));
        }
        return values == null ? Map.of() : values;
    }

    /**
     * Positive when this pattern is more specific than {@code other}: at the first segment where they differ
     * in kind, a literal beats a parameter, a parameter beats the {@code *}, and any segment beats the end of a
     * pattern ending in {@code *}.
     */
    int compareSpecificity(PathPattern other) {
        int length = Math.max(literals.length, other.literals.length) + 1;
        for (int i = 0; i < length; i++) {
            int difference = rank(i) - other.rank(i);
            if (difference != 0) {
                return difference;
            }
        }
        return 0;
    }

    private int rank(int segment) {
        if (segment < literals.length) {
            return literals[segment] != null ? LITERAL : PARAMETER;
        }
        return segment == literals.length && rest ? REST : 0;
    }

    /** The pattern with parameter names left out: two patterns with the same shape match the same paths. */
    String shape() {
        List<String> segments = new ArrayList<>(literals.length + 1);
        for (String literal : literals) {
            segments.add(literal == null ? "{}" : "=" + literal);
        }
        if (rest) {
            segments.add("*");
        }
        return String.join("/", segments);
    }

    /** The names of the parameters, and {@code *} for the rest when there is one. */
    List<String> parameterNames() {
        List<String> names = new ArrayList<>();
        for (String name : parameters) {
            if (name != null) {
                names.add(name);
            }
        }
        if (rest) {
            names.add("*");
        }
        return names;
    }

    @Override
    public String toString() {
        return text;
    }
}
