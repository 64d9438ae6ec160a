package dev.multiserver.servlet.websocket;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ThreadLocalRandom;

/** The checks on room names, node ids and connection ids, and the default node id. */
final class Names {

    static final int MAX_ROOM_CHARS = 200;
    static final int MAX_NODE_ID_CHARS = 100;
    /** An envelope's address holds a connection id, so it cannot be longer. */
    static final int MAX_CONNECTION_ID_CHARS = 200;

    private Names() {
    }

    static String room(String room) {
        requireNonNull(room, "room");
        if (room.isEmpty() || room.length() > MAX_ROOM_CHARS) {
            throw new IllegalArgumentException("room: " + room.length() + " characters (expected: 1 to "
                    + MAX_ROOM_CHARS + ")");
        }
        checkNoControl("room", room);
        return room;
    }

    static String nodeId(String nodeId) {
        requireNonNull(nodeId, "nodeId");
        if (nodeId.isEmpty() || nodeId.length() > MAX_NODE_ID_CHARS) {
            throw new IllegalArgumentException("nodeId: " + nodeId.length() + " characters (expected: 1 to "
                    + MAX_NODE_ID_CHARS + ")");
        }
        checkNoControl("nodeId", nodeId);
        if (nodeId.indexOf('/') >= 0) {
            // a connection id is the node id, '/', the session id: the node must be found up to the first '/'
            throw new IllegalArgumentException("nodeId '" + nodeId + "': contains '/'");
        }
        return nodeId;
    }

    /** The node part of a connection id. */
    static String nodeOf(String connectionId) {
        requireNonNull(connectionId, "connectionId");
        int slash = connectionId.indexOf('/');
        if (slash <= 0 || slash == connectionId.length() - 1 || connectionId.length() > MAX_CONNECTION_ID_CHARS) {
            throw new IllegalArgumentException("connectionId: '" + printable(connectionId)
                    + "' (expected: an id from ClusterHub.connectionId(session))");
        }
        return connectionId.substring(0, slash);
    }

    /** {@code host-pid-xxxx}: readable in logs, and different for two processes on one host. */
    static String randomNodeId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException | SecurityException e) {
            host = "node";
        }
        host = host.replaceAll("[^A-Za-z0-9.-]", "");
        if (host.isEmpty()) {
            host = "node";
        }
        if (host.length() > 60) {
            host = host.substring(0, 60);
        }
        return host + "-" + ProcessHandle.current().pid() + "-" + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
    }

    private static void checkNoControl(String what, String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new IllegalArgumentException(what + " '" + printable(value) + "': control character at index "
                        + i);
            }
        }
    }

    private static String printable(String value) {
        String shown = value.length() > MAX_CONNECTION_ID_CHARS ? value.substring(0, MAX_CONNECTION_ID_CHARS) + "…"
                : value;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
