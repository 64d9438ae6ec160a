package dev.multiserver.redis;

import dev.multiserver.session.SessionChanges;
import dev.multiserver.session.StoredSession;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How a session is laid out in its Redis hash: metadata under {@code meta:} fields (epoch milliseconds and
 * milliseconds, as decimal text) and each attribute's JSON text under {@code attr:NAME}, so no attribute name can
 * collide with the metadata and other programs can read the hash.
 */
final class SessionHash {

    static final String CREATED = "meta:created";
    static final String ACCESSED = "meta:accessed";
    static final String MAX_INACTIVE = "meta:maxInactive";
    static final String ATTRIBUTE = "attr:";

    private SessionHash() {
    }

    /** The session in these fields, or {@code null} when they are not a session's (a hash of someone else's). */
    static StoredSession parse(String id, Map<String, String> fields) {
        Long created = number(fields.get(CREATED));
        Long accessed = number(fields.get(ACCESSED));
        Long maxInactive = number(fields.get(MAX_INACTIVE));
        if (created == null || accessed == null || maxInactive == null) {
            return null;
        }
        Map<String, String> attributes = new HashMap<>();
        fields.forEach((field, value) -> {
            if (field.startsWith(ATTRIBUTE)) {
                attributes.put(field.substring(ATTRIBUTE.length()), value);
            }
        });
        return new StoredSession(id, Instant.ofEpochMilli(created), Instant.ofEpochMilli(accessed),
                Duration.ofMillis(maxInactive), attributes);
    }

    /** The arguments of {@code save.lua} that write these changes in {@code mode} ("new", "update" or "copy"). */
    static String[] saveArguments(String mode, SessionChanges changes, Instant now) {
        List<String> arguments = new ArrayList<>(7 + 2 * changes.set().size() + changes.removed().size());
        arguments.add(mode);
        arguments.add(Long.toString(now.toEpochMilli()));
        arguments.add(Long.toString(changes.createdAt().toEpochMilli()));
        arguments.add(Long.toString(changes.lastAccessedAt().toEpochMilli()));
        arguments.add(Long.toString(changes.maxInactiveInterval().toMillis()));
        arguments.add(changes.expiresAt().map(expiry -> Long.toString(expiry.toEpochMilli())).orElse(""));
        arguments.add(Integer.toString(changes.set().size()));
        changes.set().forEach((name, json) -> {
            arguments.add(ATTRIBUTE + name);
            arguments.add(json);
        });
        for (String name : changes.removed()) {
            arguments.add(ATTRIBUTE + name);
        }
        return arguments.toArray(String[]::new);
    }

    private static Long number(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
