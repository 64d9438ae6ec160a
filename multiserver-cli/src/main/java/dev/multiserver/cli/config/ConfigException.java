package dev.multiserver.cli.config;

/**
 * A config file that cannot be used: missing, not YAML, or with a key or value that is wrong. The
 * message is one line that names the file and, when there is one, the key.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
