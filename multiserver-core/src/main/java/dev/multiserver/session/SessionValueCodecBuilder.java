package dev.multiserver.session;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Builds a {@link SessionValueCodec}; see there. The builder can be used again after {@link #build()}. */
public final class SessionValueCodecBuilder {

    private static final Pattern PACKAGE = Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*");

    private final List<String> allowedPackages = new ArrayList<>();
    private ClassLoader classLoader;

    SessionValueCodecBuilder() {
    }

    /**
     * Allows records, POJOs and enums from these packages and their sub-packages, such as {@code com.example.shop}.
     * JDK packages cannot be allowed this way: their classes are not data, and some are the gadgets of
     * deserialization attacks.
     */
    public SessionValueCodecBuilder allowPackages(String... packages) {
        requireNonNull(packages, "packages");
        for (String name : packages) {
            requireNonNull(name, "package");
            if (!PACKAGE.matcher(name).matches()) {
                throw new IllegalArgumentException("allowPackages: '" + name + "' (expected: a package name such as "
                        + "com.example.shop)");
            }
            if (AllowedTypes.isPlatformPackage(name)) {
                throw new IllegalArgumentException("allowPackages: '" + name + "' (expected: an application package; "
                        + "JDK classes cannot be allowed)");
            }
            allowedPackages.add(name);
        }
        return this;
    }

    /**
     * The class loader that loads allowed classes by name; by default the thread's context class loader when
     * {@link #build()} runs (the web application's, in a servlet container).
     */
    public SessionValueCodecBuilder classLoader(ClassLoader classLoader) {
        this.classLoader = requireNonNull(classLoader, "classLoader");
        return this;
    }

    public SessionValueCodec build() {
        ClassLoader loader = classLoader;
        if (loader == null) {
            loader = Thread.currentThread().getContextClassLoader();
        }
        if (loader == null) {
            loader = SessionValueCodec.class.getClassLoader();
        }
        return new SessionValueCodec(List.copyOf(allowedPackages), loader);
    }
}
