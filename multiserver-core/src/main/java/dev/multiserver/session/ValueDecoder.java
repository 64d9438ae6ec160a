package dev.multiserver.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;

/** Reads a JSON tree written by {@link ValueEncoder} back into the value it stands for. */
final class ValueDecoder {

    private final JsonMapper mapper;
    private final AllowedTypes allowedTypes;

    ValueDecoder(JsonMapper mapper, AllowedTypes allowedTypes) {
        this.mapper = mapper;
        this.allowedTypes = allowedTypes;
    }

    Object decode(String name, JsonNode node) {
        switch (node.getNodeType()) {
            case STRING:
                return node.textValue();
            case BOOLEAN:
                return node.booleanValue();
            case NUMBER:
                return number(node);
            case ARRAY:
                return collection(name, node, new ArrayList<>(node.size()));
            case OBJECT:
                return isTyped(node) ? typed(name, node.get(TypeTags.TYPE_FIELD).textValue(),
                        node.get(TypeTags.VALUE_FIELD)) : map(name, node);
            case NULL:
                return null;
            default:
                throw unreadable(name, "unexpected JSON " + node.getNodeType());
        }
    }

    private static Object number(JsonNode node) {
        if (node.isInt()) {
            return node.intValue();
        }
        if (node.isLong()) {
            return node.longValue();
        }
        if (node.isBigInteger()) {
            return node.bigIntegerValue();
        }
        return node.doubleValue();
    }

    private static boolean isTyped(JsonNode node) {
        return node.size() == 2 && node.has(TypeTags.VALUE_FIELD) && node.path(TypeTags.TYPE_FIELD).isTextual();
    }

    private Object typed(String name, String type, JsonNode value) {
        if (type.equals(TypeTags.SET)) {
            if (!value.isArray()) {
                throw unreadable(name, "a set that is not a JSON array");
            }
            return collection(name, value, new LinkedHashSet<>());
        }
        if (type.equals(TypeTags.MAP)) {
            if (!value.isObject()) {
                throw unreadable(name, "a map that is not a JSON object");
            }
            return map(name, value);
        }
        Class<?> scalar = TypeTags.SCALAR_TYPES.get(type);
        if (scalar != null) {
            return convert(name, value, scalar);
        }
        Optional<Class<?>> allowed;
        try {
            allowed = allowedTypes.load(type);
        } catch (ClassNotFoundException | LinkageError e) {
            throw unreadable(name, "class " + type + " is not on the class path");
        }
        return convert(name, value, allowed.orElseThrow(
                () -> unreadable(name, "type " + type + " is not among the allowed types")));
    }

    private Object convert(String name, JsonNode value, Class<?> type) {
        try {
            return mapper.treeToValue(value, type);
        } catch (Exception e) {
            throw new SessionValueException("session attribute '" + name + "': stored value does not read as "
                    + type.getName() + ": " + ValueEncoder.rootMessage(e), e);
        }
    }

    private <C extends Collection<Object>> C collection(String name, JsonNode array, C into) {
        for (JsonNode element : array) {
            into.add(decode(name, element));
        }
        return into;
    }

    private Map<String, Object> map(String name, JsonNode object) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            map.put(field.getKey(), decode(name, field.getValue()));
        }
        return map;
    }

    private static SessionValueException unreadable(String name, String why) {
        return new SessionValueException("session attribute '" + name + "': stored value cannot be read: " + why);
    }
}
