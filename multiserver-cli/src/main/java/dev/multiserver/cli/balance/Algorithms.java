package dev.multiserver.cli.balance;

import dev.multiserver.balancer.algorithm.Algorithm;
import dev.multiserver.balancer.algorithm.HashKey;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Turns {@code --algorithm} / {@code algorithm:} into an {@link Algorithm}: a built-in name, or the
 * fully-qualified name of a class on the class path that implements it and has a public no-argument
 * constructor. The built-in ones that take options get their defaults here; {@link AlgorithmSettings}
 * applies the options.
 */
final class Algorithms {

    static final String STICKY_SESSION = "sticky-session";
    static final String CONSISTENT_HASH = "consistent-hash";

    private static final Map<String, Supplier<Algorithm>> BUILT_IN = new TreeMap<>(Map.of(
            "round-robin", Algorithm::roundRobin,
            "least-latency", Algorithm::leastLatency,
            "least-connections", Algorithm::leastConnections,
            STICKY_SESSION, Algorithm::stickySession,
            CONSISTENT_HASH, () -> Algorithm.consistentHash(HashKey.clientAddress())));

    /** The built-in names, for help text and errors. */
    static final String NAMES = String.join(", ", BUILT_IN.keySet());

    private Algorithms() {
    }

    /** A new algorithm for {@code name}; throws {@link IllegalArgumentException} saying why there is none. */
    static Algorithm byName(String name) {
        Supplier<Algorithm> builtIn = BUILT_IN.get(name.strip());
        if (builtIn != null) {
            return builtIn.get();
        }
        if (!name.contains(".")) {
            throw new IllegalArgumentException("'" + name + "' is not a built-in algorithm (" + NAMES
                    + ") nor a class name");
        }
        return instantiate(name.strip());
    }

    /**
     * The hash key {@code text} names: {@code header:NAME}, {@code cookie:NAME} or {@code client};
     * throws {@link IllegalArgumentException} naming {@code text} if none.
     */
    static HashKey hashKey(String text) {
        String trimmed = text.strip();
        if (trimmed.equals("client")) {
            return HashKey.clientAddress();
        }
        int colon = trimmed.indexOf(':');
        String kind = colon < 0 ? trimmed : trimmed.substring(0, colon);
        String name = colon < 0 ? "" : trimmed.substring(colon + 1).strip();
        if (!kind.equals("header") && !kind.equals("cookie")) {
            throw new IllegalArgumentException("'" + text + "' is not a hash key (expected header:NAME, "
                    + "cookie:NAME or client)");
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' names no " + kind + " (expected e.g. " + kind
                    + (kind.equals("header") ? ":X-User)" : ":SESSION)"));
        }
        return kind.equals("header") ? HashKey.header(name) : HashKey.cookie(name);
    }

    private static Algorithm instantiate(String className) {
        Class<?> type;
        try {
            type = Class.forName(className, true, classLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("class '" + className + "' is not on the class path (built-in: "
                    + NAMES + ")");
        } catch (LinkageError e) {
            throw new IllegalArgumentException("class '" + className + "' cannot be loaded: " + e);
        }
        if (!Algorithm.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException("class '" + className + "' does not implement "
                    + Algorithm.class.getName());
        }
        Constructor<?> constructor;
        try {
            constructor = type.getConstructor();
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("class '" + className + "' has no public no-argument constructor");
        }
        if (Modifier.isAbstract(type.getModifiers()) || !Modifier.isPublic(type.getModifiers())) {
            throw new IllegalArgumentException("class '" + className + "' must be public and not abstract");
        }
        try {
            return (Algorithm) constructor.newInstance();
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("class '" + className + "' failed to construct: " + e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("class '" + className + "' cannot be constructed: " + e);
        }
    }

    private static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : Algorithms.class.getClassLoader();
    }
}
