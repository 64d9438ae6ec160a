package dev.multiserver.servlet;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Set;
import java.util.UUID;

/**
 * One session attribute in one request: its JSON as the store has it, the JSON it should have, and its value,
 * decoded only when the application asks for it.
 */
final class Attribute {

    private static final Set<Class<?>> IMMUTABLE = Set.of(String.class, Boolean.class, Character.class, Byte.class,
            Short.class, Integer.class, Long.class, Float.class, Double.class, BigInteger.class, BigDecimal.class,
            UUID.class);

    /** The JSON in the store, as far as this request knows; null when the store has none. */
    private String stored;
    /** The JSON the attribute should have; null when it is removed. */
    private String json;
    private Object value;
    private boolean decoded;
    /** A value that may be changed in place was handed to the application; its JSON must be checked on save. */
    private boolean handedOut;

    private Attribute(String stored) {
        this.stored = stored;
        this.json = stored;
    }

    static Attribute loaded(String json) {
        return new Attribute(json);
    }

    static Attribute absent() {
        return new Attribute(null);
    }

    boolean isPresent() {
        return json != null && !(decoded && value == null);
    }

    String json() {
        return json;
    }

    boolean isDecoded() {
        return decoded;
    }

    Object value() {
        return value;
    }

    /** Records the value read from {@link #json()}; null when it does not decode, which makes it absent. */
    void decoded(Object value) {
        this.value = value;
        this.decoded = true;
    }

    void set(String json, Object value, boolean trackMutations) {
        this.json = json;
        this.value = value;
        this.decoded = true;
        this.handedOut = trackMutations && mayChangeInPlace(value);
    }

    void remove() {
        json = null;
        value = null;
        decoded = true;
        handedOut = false;
    }

    void handedOut(boolean trackMutations) {
        handedOut = handedOut || trackMutations && mayChangeInPlace(value);
    }

    boolean isHandedOut() {
        return handedOut;
    }

    /** Takes the JSON of a value that was changed in place. */
    void reencoded(String json) {
        this.json = json;
    }

    /** Whether the store must be told: a new or changed JSON, or a removal of what it has. */
    boolean isChanged() {
        return json == null ? stored != null : !json.equals(stored);
    }

    boolean isRemoval() {
        return json == null && stored != null;
    }

    void saved() {
        stored = json;
    }

    /** Forgets what the store has, so the next save writes this attribute in full. */
    void unsaved() {
        stored = null;
    }

    private static boolean mayChangeInPlace(Object value) {
        return value != null && !IMMUTABLE.contains(value.getClass()) && !(value instanceof Enum)
                && !value.getClass().getPackageName().equals("java.time");
    }
}
