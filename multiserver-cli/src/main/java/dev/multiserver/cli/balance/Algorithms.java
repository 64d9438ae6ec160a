package dev.multiserver.cli.balance;

import dev.multiserver.balancer.algorithm.Algorithm;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Turns {@code --algorithm} / {@code algorithm:} into an {@link Algorithm}: a built-in name, or the
 * fully-qualified name of a class on the class path that implements it and has a public no-argument
 * constructor.
 */
final class Algorithms {

    private static final Map<String, Supplier<Algorithm>> BUILT_IN = new TreeMap<>(Map.of(
            "round-robin", Algorithm::roundRobin,
            "least-latency", Algorithm::leastLatency,
            "least-connections", Algorithm::leastConnections));

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
