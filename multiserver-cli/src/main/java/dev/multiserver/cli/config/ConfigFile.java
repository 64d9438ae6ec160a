package dev.multiserver.cli.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A YAML config file read into a tree, whose values are handed to setters with every error naming
 * the file and the key.
 *
 * <pre>{@code
 * ConfigFile file = ConfigFile.read(Path.of("lb.yaml"));
 * file.checkKeys(List.of("port", "queueTimeout"));
 * file.apply("port", ConfigFile::integer, builder::port);
 * file.apply("queueTimeout", ConfigFile::duration, builder::queueTimeout);
 * // lb.yaml: queueTimeout: 'soon' is not a duration (expected e.g. 250ms, 5s, 2m)
 * }</pre>
 */
public final class ConfigFile {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final String name;
    private final ObjectNode root;

    private ConfigFile(String name, ObjectNode root) {
        this.name = name;
        this.root = root;
    }

    /**
     * Reads {@code path}. An empty file is a file with no settings.
     *
     * @throws ConfigException naming the file when it is missing, unreadable, not YAML, or not a
     *     mapping of keys to values
     */
    public static ConfigFile read(Path path) {
        requireNonNull(path, "path");
        String name = path.toString();
        if (Files.isDirectory(path)) {
            throw new ConfigException(name + ": is a directory, not a config file");
        }
        JsonNode tree;
        try (InputStream in = Files.newInputStream(path)) {
            tree = YAML.readTree(in);
        } catch (NoSuchFileException e) {
            throw new ConfigException(name + ": no such file");
        } catch (AccessDeniedException e) {
            throw new ConfigException(name + ": cannot read it: permission denied");
        } catch (JsonProcessingException e) {
            throw new ConfigException(name + ": not valid YAML: " + oneLine(e.getOriginalMessage()) + at(e.getLocation()));
        } catch (IOException e) {
            throw new ConfigException(name + ": cannot read it: " + e);
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            return new ConfigFile(name, YAML.createObjectNode());
        }
        if (!tree.isObject()) {
            throw new ConfigException(name + ": expected 'key: value' settings at the top level, found "
                    + kind(tree));
        }
        return new ConfigFile(name, (ObjectNode) tree);
    }

    /** The file's name as the user gave it, which is how every error names it. */
    public String name() {
        return name;
    }

    /**
     * Refuses the first key that is not in {@code known}: a misspelt key would otherwise be ignored
     * silently and its setting left at the default.
     */
    public void checkKeys(Collection<String> known) {
        checkKeys(null, root, known);
    }

    /** Same as {@link #checkKeys(Collection)} for a nested mapping found at {@code path}. */
    public void checkKeys(String path, JsonNode mapping, Collection<String> known) {
        for (Iterator<String> it = mapping.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                String message = "unknown key '" + key + "' (known keys: " + String.join(", ", known) + ")";
                throw path == null ? new ConfigException(name + ": " + message) : error(path, message);
            }
        }
    }

    /**
     * The mapping at {@code key}, if the file sets it, after checking its keys against {@code known}.
     *
     * @throws ConfigException naming the file and key when the value is not a mapping or has a key
     *     not in {@code known}
     */
    public Optional<JsonNode> mapping(String key, Collection<String> known) {
        JsonNode node = root.get(key);
        if (node == null) {
            return Optional.empty();
        }
        if (node.isNull()) {
            throw error(key, "has no value");
        }
        if (!node.isObject()) {
            throw error(key, "expected a mapping with " + String.join(", ", known) + "; found " + describe(node));
        }
        checkKeys(key, node, known);
        return Optional.of(node);
    }

    /** The value at {@code key}, if the file sets it. */
    public Optional<JsonNode> node(String key) {
        return Optional.ofNullable(root.get(key));
    }

    /**
     * When the file sets {@code key}, reads its value with {@code reader} and passes it to
     * {@code setter}. An {@link IllegalArgumentException} from either becomes a {@link ConfigException}
     * naming the file and the key.
     */
    public <T> void apply(String key, ValueReader<T> reader, Consumer<? super T> setter) {
        JsonNode node = root.get(key);
        if (node == null) {
            return;
        }
        T value = read(key, node, reader);
        try {
            setter.accept(value);
        } catch (IllegalArgumentException e) {
            throw error(key, ValueErrors.detail(e));
        }
    }

    /** Reads {@code node}, found at {@code path}, with {@code reader}; errors name the file and the path. */
    public <T> T read(String path, JsonNode node, ValueReader<T> reader) {
        if (node.isNull()) {
            throw error(path, "has no value");
        }
        try {
            return reader.read(node);
        } catch (IllegalArgumentException e) {
            throw error(path, ValueErrors.detail(e));
        }
    }

    /** An error about the value at {@code path} (a key, or e.g. {@code backends[1].url}). */
    public ConfigException error(String path, String detail) {
        return new ConfigException(name + ": " + path + ": " + detail);
    }

    /** Reads a whole number that fits an {@code int}. */
    public static int integer(JsonNode node) {
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            return node.intValue();
        }
        throw new IllegalArgumentException(describe(node) + " is not a whole number");
    }

    /** Reads a number such as {@code 0.2} or {@code 1}. */
    public static double decimal(JsonNode node) {
        if (node.isNumber()) {
            return node.doubleValue();
        }
        throw new IllegalArgumentException(describe(node) + " is not a number");
    }

    /** Reads a string. */
    public static String string(JsonNode node) {
        if (node.isTextual()) {
            return node.textValue();
        }
        throw new IllegalArgumentException(describe(node) + " is not a string");
    }

    /**
     * Reads a string, number or boolean as its text: an environment variable's value, where
     * {@code THREADS: 4} means the text {@code 4}.
     */
    public static String text(JsonNode node) {
        if (node.isValueNode()) {
            return node.asText();
        }
        throw new IllegalArgumentException(kind(node) + " is not a value (expected text, a number or true/false)");
    }

    /** Reads a file system path, relative to the working directory unless it is absolute. */
    public static Path path(JsonNode node) {
        return Path.of(string(node));
    }

    /** Reads {@code true} or {@code false}. */
    public static boolean bool(JsonNode node) {
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        throw new IllegalArgumentException(describe(node) + " is not true or false");
    }

    /** Reads a duration as {@link Durations#parse} does. */
    public static Duration duration(JsonNode node) {
        if (node.isValueNode()) {
            return Durations.parse(node.asText());
        }
        throw new IllegalArgumentException(describe(node) + " is not a duration (expected " + Durations.EXAMPLES
                + ")");
    }

    /** Reads a size as {@link Sizes#parse} does: a number of bytes, or e.g. {@code 64KiB}. */
    public static int size(JsonNode node) {
        if (node.isValueNode() && !node.isBoolean()) {
            return Sizes.parse(node.asText());
        }
        throw new IllegalArgumentException(describe(node) + " is not a size (expected " + Sizes.EXAMPLES + ")");
    }

    private static String describe(JsonNode node) {
        return node.isTextual() ? "'" + node.textValue() + "'" : node.isValueNode() ? node.asText() : kind(node);
    }

    private static String kind(JsonNode node) {
        return node.isArray() ? "a list" : node.isObject() ? "a mapping" : "'" + node.asText() + "'";
    }

    /** The YAML parser's lines that say what is wrong, without the indented excerpt and caret it adds. */
    private static String oneLine(String message) {
        return message.lines()
                .filter(line -> !line.isBlank() && !Character.isWhitespace(line.charAt(0)))
                .collect(Collectors.joining("; "));
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /** Turns a YAML value into a setting's type, or throws {@link IllegalArgumentException} saying why not. */
    @FunctionalInterface
    public interface ValueReader<T> {
        T read(JsonNode node);
    }
}
