package dev.multiserver.session;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.List;

/**
 * Turns session values into JSON texts and back, keeping their types, and refuses what it cannot keep.
 *
 * <pre>{@code
 * SessionValueCodec codec = SessionValueCodec.builder()
 *         .allowPackages("com.example.shop")      // records, POJOs and enums from here
 *         .build();
 * String json = codec.encode("cart", new Cart(List.of("book")));
 * Cart cart = (Cart) codec.decode("cart", json);
 * }</pre>
 *
 * <p>Always allowed: {@code String}, {@code Boolean}, the boxed numbers, {@code BigInteger}, {@code BigDecimal},
 * {@code Character}, {@code UUID}, the {@code java.time} values, and {@code List}, {@code Set} and {@code Map} (with
 * string keys) of allowed values. Strings, booleans, integers, doubles, lists and maps are plain JSON; every other
 * value is an object {@code {"@type": ..., "value": ...}} naming its type, so it comes back as the same class.
 * Records, POJOs and enums are allowed only from the packages the application names; a type name read from a
 * store is checked against that list before any class is loaded. Java serialization is never used.
 */
public final class SessionValueCodec {

    private final JsonMapper mapper;
    private final ValueEncoder encoder;
    private final ValueDecoder decoder;

    SessionValueCodec(List<String> allowedPackages, ClassLoader classLoader) {
        this.mapper = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                // a field dropped in a redeploy must not make every stored session unreadable
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
        AllowedTypes allowedTypes = new AllowedTypes(allowedPackages, classLoader);
        this.encoder = new ValueEncoder(mapper, allowedTypes);
        this.decoder = new ValueDecoder(mapper, allowedTypes);
    }

    /** A codec that allows the JDK values listed above and no application classes. */
    public static SessionValueCodec defaults() {
        return builder().build();
    }

    public static SessionValueCodecBuilder builder() {
        return new SessionValueCodecBuilder();
    }

    /**
     * The JSON text of a session value.
     *
     * @throws SessionValueException naming the attribute when the value (or something inside it) is of a type that
     *                               is not allowed, or does not read back as its class
     */
    public String encode(String name, Object value) {
        requireNonNull(name, "name");
        if (value == null) {
            throw new SessionValueException("session attribute '" + name + "': null cannot be stored; remove the "
                    + "attribute instead");
        }
        JsonNode node = encoder.encode(name, value);
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new SessionValueException("session attribute '" + name + "': cannot be written as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /**
     * The value a JSON text from {@link #encode} stands for.
     *
     * @throws SessionValueException naming the attribute when the text is not JSON this codec wrote, or names a
     *                               type that is not allowed (any more)
     */
    public Object decode(String name, String json) {
        requireNonNull(name, "name");
        requireNonNull(json, "json");
        JsonNode node;
        try {
            node = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new SessionValueException("session attribute '" + name + "': stored value is not JSON: "
                    + e.getOriginalMessage(), e);
        }
        if (node == null || node.isMissingNode()) {
            throw new SessionValueException("session attribute '" + name + "': stored value is empty");
        }
        return decoder.decode(name, node);
    }

    static ObjectNode typed(String type, JsonNode value) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put(TypeTags.TYPE_FIELD, type);
        node.set(TypeTags.VALUE_FIELD, value);
        return node;
    }
}
