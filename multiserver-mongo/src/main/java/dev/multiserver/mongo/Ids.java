package dev.multiserver.mongo;

/** How a session id appears in messages and logs. */
final class Ids {

    private static final int SHOWN = 6;

    private Ids() {
    }

    /**
     * The first characters of the id: enough to find the document, not enough to take over the session, since an
     * id is a credential. Characters outside printable ASCII become '?' so an id from a cookie cannot forge log
     * lines.
     */
    static String abbreviate(String id) {
        StringBuilder shown = new StringBuilder(SHOWN + 3);
        for (int i = 0; i < Math.min(SHOWN, id.length()); i++) {
            char c = id.charAt(i);
            shown.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return id.length() > SHOWN ? shown.append("...").toString() : shown.toString();
    }
}
