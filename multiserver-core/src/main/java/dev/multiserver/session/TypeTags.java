package dev.multiserver.session;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import java.util.UUID;

/** The short names of the JDK types that are stored as {@code {"@type": tag, "value": ...}}. */
final class TypeTags {

    static final String TYPE_FIELD = "@type";
    static final String VALUE_FIELD = "value";

    static final String SET = "set";
    static final String MAP = "map";

    static final Map<Class<?>, String> SCALAR_TAGS = Map.of(
            Long.class, "long",
            Float.class, "float",
            Short.class, "short",
            Byte.class, "byte",
            Character.class, "char",
            BigInteger.class, "big-integer",
            BigDecimal.class, "big-decimal",
            UUID.class, "uuid");

    static final Map<String, Class<?>> SCALAR_TYPES = Map.of(
            "long", Long.class,
            "float", Float.class,
            "short", Short.class,
            "byte", Byte.class,
            "char", Character.class,
            "big-integer", BigInteger.class,
            "big-decimal", BigDecimal.class,
            "uuid", UUID.class);

    private TypeTags() {
    }
}
