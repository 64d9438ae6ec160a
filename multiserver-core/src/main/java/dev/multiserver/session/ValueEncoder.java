package dev.multiserver.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Builds the JSON tree of a session value, refusing types it could not give back. */
final class ValueEncoder {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JsonMapper mapper;
    private final AllowedTypes allowedTypes;

    ValueEncoder(JsonMapper mapper, AllowedTypes allowedTypes) {
        this.mapper = mapper;
        this.allowedTypes = allowedTypes;
    }

    JsonNode encode(String name, Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof String text) {
            return NODES.textNode(text);
        }
        if (value instanceof Boolean flag) {
            return NODES.booleanNode(flag);
        }
        if (value instanceof Integer number) {
            return NODES.numberNode(number);
        }
        if (value instanceof Double number) {
            if (number.isNaN() || number.isInfinite()) {
                throw refused(name, value, "JSON has no " + number);
            }
            return NODES.numberNode(number);
        }
        String tag = TypeTags.SCALAR_TAGS.get(value.getClass());
        if (tag != null) {
            return scalar(name, tag, value);
        }
        if (value instanceof List<?> list) {
            return array(name, list);
        }
        if (value instanceof Set<?> set) {
            return SessionValueCodec.typed(TypeTags.SET, array(name, set));
        }
        if (value instanceof Map<?, ?> map) {
            return map(name, map);
        }
        if (value.getClass().isArray()) {
            throw refused(name, value, "arrays are not stored; use a List");
        }
        return application(name, value);
    }

    private JsonNode scalar(String name, String tag, Object value) {
        if (value instanceof Float number && (number.isNaN() || number.isInfinite())) {
            throw refused(name, value, "JSON has no " + number);
        }
        if (value instanceof Number) {
            // as text, so a BigDecimal keeps its scale and no reader rounds a long through a double
            return SessionValueCodec.typed(tag, NODES.textNode(value.toString()));
        }
        return SessionValueCodec.typed(tag, mapper.valueToTree(value));
    }

    private ArrayNode array(String name, Collection<?> values) {
        ArrayNode array = NODES.arrayNode(values.size());
        for (Object element : values) {
            array.add(encode(name, element));
        }
        return array;
    }

    private JsonNode map(String name, Map<?, ?> map) {
        ObjectNode object = NODES.objectNode();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String key)) {
                throw refused(name, map, "map keys must be strings, not "
                        + (entry.getKey() == null ? "null" : entry.getKey().getClass().getName()));
            }
            object.set(key, encode(name, entry.getValue()));
        }
        // a map that looks like a typed value is wrapped, so it reads back as a map
        return object.has(TypeTags.TYPE_FIELD) ? SessionValueCodec.typed(TypeTags.MAP, object) : object;
    }

    private JsonNode application(String name, Object value) {
        Class<?> type = value.getClass();
        if (type.isAnonymousClass() || type.isLocalClass() || !allowedTypes.allows(type)) {
            String hint = allowedTypes.allowsApplicationClasses()
                    ? "its package is not among the allowed packages"
                    : "no application packages are allowed; allow its package with "
                            + "SessionValueCodec.builder().allowPackages(\"" + type.getPackageName() + "\")";
            throw refused(name, value, hint);
        }
        JsonNode tree;
        try {
            tree = mapper.valueToTree(value);
        } catch (IllegalArgumentException e) {
            throw new SessionValueException("session attribute '" + name + "': " + type.getName()
                    + " cannot be written as JSON: " + rootMessage(e), e);
        }
        Object back;
        try {
            back = mapper.treeToValue(tree, type);
        } catch (Exception e) {
            throw new SessionValueException("session attribute '" + name + "': " + type.getName()
                    + " cannot be read back from JSON (it needs a constructor Jackson can call, such as a record's or "
                    + "a no-argument one): " + rootMessage(e), e);
        }
        if (!(type.isEnum() || Objects.equals(back, value) || !overridesEquals(type))) {
            throw new SessionValueException("session attribute '" + name + "': " + type.getName()
                    + " does not read back equal to itself from JSON " + tree);
        }
        return SessionValueCodec.typed(type.getName(), tree);
    }

    private static boolean overridesEquals(Class<?> type) {
        try {
            return type.getMethod("equals", Object.class).getDeclaringClass() != Object.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static SessionValueException refused(String name, Object value, String why) {
        return new SessionValueException("session attribute '" + name + "': values of " + value.getClass().getName()
                + " cannot be stored (" + why + ")");
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        if (message == null) {
            return root.getClass().getSimpleName();
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
