package dev.multiserver.balancer.internal.worker;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a worker command into words the way a POSIX shell would quote them, without running a shell:
 * whitespace separates words; {@code '…'} keeps everything literally; {@code "…"} keeps everything but
 * {@code \"} and {@code \\}; a backslash outside quotes escapes the next character.
 */
public final class CommandLine {

    /** Placeholder replaced by each worker's port. */
    public static final String PORT_PLACEHOLDER = "{port}";

    private CommandLine() {
    }

    /** Returns {@code command} when it splits into at least one word; otherwise names what is wrong. */
    public static String check(String command) {
        requireNonNull(command, "command");
        if (split(command).isEmpty()) {
            throw new IllegalArgumentException("command: '" + command + "' (expected: a program and its arguments)");
        }
        return command;
    }

    /** The words of {@code command} with {@code {port}} replaced by {@code port}. */
    static List<String> words(String command, int port) {
        List<String> words = new ArrayList<>();
        for (String word : split(command)) {
            words.add(word.replace(PORT_PLACEHOLDER, Integer.toString(port)));
        }
        return words;
    }

    static List<String> split(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (c == '\'') {
                int end = command.indexOf('\'', i + 1);
                if (end < 0) {
                    throw unterminated(command, "'", i);
                }
                word.append(command, i + 1, end);
                i = end;
                inWord = true;
            } else if (c == '"') {
                i = doubleQuoted(command, i, word);
                inWord = true;
            } else if (c == '\\') {
                if (i + 1 == command.length()) {
                    throw new IllegalArgumentException("command: '" + command + "' ends with a lone backslash");
                }
                word.append(command.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    /** Appends the double-quoted part starting at {@code open}; returns the index of its closing quote. */
    private static int doubleQuoted(String command, int open, StringBuilder word) {
        for (int i = open + 1; i < command.length(); i++) {
            char c = command.charAt(i);
            if (c == '"') {
                return i;
            }
            if (c == '\\' && i + 1 < command.length()
                    && (command.charAt(i + 1) == '"' || command.charAt(i + 1) == '\\')) {
                c = command.charAt(++i);
            }
            word.append(c);
        }
        throw unterminated(command, "\"", open);
    }

    private static IllegalArgumentException unterminated(String command, String quote, int at) {
        return new IllegalArgumentException("command: '" + command + "' has an unterminated " + quote
                + " at character " + (at + 1));
    }
}
