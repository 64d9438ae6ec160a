package dev.multiserver.servlet.websocket;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * This node's connections and the rooms they joined. Membership changes of one connection are serialized on that
 * connection; a room's set of members is replaced atomically, so a broadcast walks a consistent set.
 */
final class Members {

    private final Map<String, Connection> connections = new ConcurrentHashMap<>();
    private final Map<String, Set<Connection>> rooms = new ConcurrentHashMap<>();

    Connection connection(String id, Function<String, Connection> create) {
        return connections.computeIfAbsent(id, create);
    }

    Connection find(String id) {
        return connections.get(id);
    }

    void join(Connection connection, String room) {
        synchronized (connection) {
            rooms.compute(room, (name, members) -> {
                Set<Connection> set = members != null ? members : ConcurrentHashMap.newKeySet();
                set.add(connection);
                return set;
            });
            connection.rooms.add(room);
        }
    }

    void leave(Connection connection, String room) {
        synchronized (connection) {
            connection.rooms.remove(room);
            rooms.computeIfPresent(room, (name, members) -> {
                members.remove(connection);
                return members.isEmpty() ? null : members;
            });
        }
    }

    void leaveAll(Connection connection) {
        synchronized (connection) {
            for (String room : connection.rooms) {
                leave(connection, room);
            }
        }
    }

    /** Takes the connection out of every room and forgets it. */
    void remove(Connection connection) {
        synchronized (connection) {
            leaveAll(connection);
            connections.remove(connection.id(), connection);
        }
    }

    /** Gives the message to every member of the room; each connection queues it without blocking. */
    void deliver(String room, Outgoing message) {
        Set<Connection> members = rooms.get(room);
        if (members != null) {
            for (Connection member : members) {
                member.offer(message);
            }
        }
    }

    int count(String room) {
        Set<Connection> members = rooms.get(room);
        return members == null ? 0 : members.size();
    }

    Map<String, Integer> counts() {
        Map<String, Integer> counts = new HashMap<>();
        rooms.forEach((room, members) -> {
            int size = members.size();
            if (size > 0) {
                counts.put(room, size);
            }
        });
        return counts;
    }

    /** Every connection known, including one that a race left in a room after it was forgotten. */
    Set<Connection> all() {
        Set<Connection> all = new HashSet<>(connections.values());
        rooms.values().forEach(all::addAll);
        return all;
    }
}
