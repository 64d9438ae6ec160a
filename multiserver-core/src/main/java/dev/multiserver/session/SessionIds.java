package dev.multiserver.session;

/**
 * How a session id appears in messages and logs: {@code SessionIds.abbreviate(id)} gives {@code "3q2Xa9..."}.
 * Every store and the filter use it, because a session id is a credential and logs are read by many.
 */
public final class SessionIds {

    private static final int SHOWN = 6;

    private SessionIds() {
    }

    /**
     * The first characters of the id: enough to find the document, not enough to take over the session, since an
     * id is a credential. Characters outside printable ASCII become '?' so an id from a cookie cannot forge log
     * lines.
     */
    public static String abbreviate(String id) {
        if (id == null) {
            return "null";
        }
        StringBuilder shown = new StringBuilder(SHOWN + 3);
        for (int i = 0; i < Math.min(SHOWN, id.length()); i++) {
            char c = id.charAt(i);
            shown.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return id.length() > SHOWN ? shown.append("...").toString() : shown.toString();
    }
}
