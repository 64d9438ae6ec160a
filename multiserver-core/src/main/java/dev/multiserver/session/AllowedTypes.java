package dev.multiserver.session;

import java.util.List;
import java.util.Optional;

/** Which classes a session value may be: {@code java.time} values, and classes from the allowed packages. */
final class AllowedTypes {

    private static final String JAVA_TIME = "java.time";
    private static final List<String> PLATFORM_PREFIXES = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");

    private final List<String> packages;
    private final ClassLoader classLoader;

    AllowedTypes(List<String> packages, ClassLoader classLoader) {
        this.packages = packages;
        this.classLoader = classLoader;
    }

    static boolean isPlatformPackage(String name) {
        String dotted = name + ".";
        return PLATFORM_PREFIXES.stream().anyMatch(dotted::startsWith);
    }

    /** Whether values of this class may be stored by name. */
    boolean allows(Class<?> type) {
        return allowsName(type.getName()) && !type.isArray() && !type.isInterface();
    }

    /** The allowed class of this name, loaded only once its name passed the check; empty when not allowed. */
    Optional<Class<?>> load(String className) throws ClassNotFoundException {
        if (!allowsName(className)) {
            return Optional.empty();
        }
        Class<?> type = Class.forName(className, false, classLoader);
        return allows(type) ? Optional.of(type) : Optional.empty();
    }

    boolean allowsApplicationClasses() {
        return !packages.isEmpty();
    }

    private boolean allowsName(String className) {
        int lastDot = className.lastIndexOf('.');
        if (lastDot < 0) {
            return false;
        }
        String packageName = className.substring(0, lastDot);
        if (packageName.equals(JAVA_TIME)) {
            return true;
        }
        for (String allowed : packages) {
            if (packageName.equals(allowed) || packageName.startsWith(allowed + ".")) {
                return true;
            }
        }
        return false;
    }
}
