package dev.multiserver.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoException;
import com.mongodb.spi.dns.DnsClient;
import dev.multiserver.pubsub.EventChannelException;
import dev.multiserver.session.SessionStoreException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A {@code mongodb://} or {@code mongodb+srv://} store or channel URI, parsed by the driver, with the database it
 * names and the forms of it that are safe to show.
 */
final class MongoUri {

    /** What the URI is for: errors name it, and the path must not name a collection of it. */
    enum Use {
        SESSION_STORE("session store", "sessions",
                "w=0 is not supported: the store must know whether an update found its session"),
        EVENT_CHANNEL("event channel", "events",
                "w=0 is not supported: a publish must know that the server has the message");

        private final String label;
        private final String collection;
        private final String unacknowledged;

        Use(String label, String collection, String unacknowledged) {
            this.label = label;
            this.collection = collection;
            this.unacknowledged = unacknowledged;
        }

        RuntimeException unresolvable(String redactedUri, String message, Throwable cause) {
            return this == SESSION_STORE ? new SessionStoreException(redactedUri, message, cause)
                    : new EventChannelException(redactedUri, message, cause);
        }
    }

    static final String DEFAULT_DATABASE = "multiserver";

    /** What MongoDB refuses in a database name, and '.' that the driver would read as a collection. */
    private static final Pattern DATABASE = Pattern.compile("[^/\\\\. \"$*<>:|?\\x00]{1,63}");
    /** Option values that are secrets: passwords and authentication properties such as AWS session tokens. */
    private static final Pattern SECRET_OPTION =
            Pattern.compile("([?&](?i:[^=&]*password|authMechanismProperties)=)[^&]*");

    private final ConnectionString connectionString;
    private final String database;
    private final String display;

    private MongoUri(ConnectionString connectionString, String database, String display) {
        this.connectionString = connectionString;
        this.database = database;
        this.display = display;
    }

    static MongoUri parse(String uri) {
        return parse(uri, null);
    }

    /** Parses with this DNS client for the TXT lookup of {@code mongodb+srv} (the JDK's when null). */
    static MongoUri parse(String uri, DnsClient dnsClient) {
        return parse(uri, dnsClient, Use.SESSION_STORE);
    }

    /** Parses a URI for this use, with this DNS client for the TXT lookup of {@code mongodb+srv}. */
    static MongoUri parse(String uri, DnsClient dnsClient, Use use) {
        String trimmed = uri.trim();
        String scheme = scheme(trimmed);
        if (!scheme.equals("mongodb") && !scheme.equals("mongodb+srv")) {
            throw malformed(use, trimmed, "the scheme is not mongodb or mongodb+srv", null);
        }
        ConnectionString parsed;
        try {
            parsed = new ConnectionString(lowerCaseScheme(trimmed, scheme), dnsClient);
        } catch (IllegalArgumentException e) {
            throw malformed(use, trimmed, withoutSecrets(e.getMessage(), trimmed), e);
        } catch (MongoException e) {
            // mongodb+srv: the TXT lookup failed or returned options that are not allowed there
            throw use.unresolvable(redact(trimmed), "cannot resolve the URI: "
                    + withoutSecrets(e.getMessage(), trimmed), e);
        }
        for (String host : parsed.getHosts()) {
            if (host.isEmpty() || host.startsWith(":")) {
                throw malformed(use, trimmed, "a host name is empty", null);
            }
        }
        if (parsed.getCollection() != null) {
            throw malformed(use, trimmed, "the path names a collection ('" + parsed.getDatabase() + "."
                    + parsed.getCollection() + "'); expected only a database, the collection is NAMESPACE."
                    + use.collection, null);
        }
        if (parsed.getWriteConcern() != null && !parsed.getWriteConcern().isAcknowledged()) {
            throw malformed(use, trimmed, use.unacknowledged, null);
        }
        String database = parsed.getDatabase() == null ? DEFAULT_DATABASE : parsed.getDatabase();
        if (!DATABASE.matcher(database).matches()) {
            throw malformed(use, trimmed, "'" + database + "' is not a database name (expected: 1 to 63 characters, "
                    + "none of /\\. \"$*<>:|?)", null);
        }
        String display = scheme + "://" + String.join(",", parsed.getHosts()) + "/" + database;
        return new MongoUri(parsed, database, display);
    }

    private static String scheme(String uri) {
        int end = uri.indexOf("://");
        return end < 0 ? "" : uri.substring(0, end).toLowerCase(Locale.ROOT);
    }

    private static String lowerCaseScheme(String uri, String scheme) {
        return scheme + uri.substring(scheme.length());
    }

    private static IllegalArgumentException malformed(Use use, String uri, String reason, Throwable cause) {
        return new IllegalArgumentException(use.label + " '" + redact(uri) + "': " + reason
                + " (expected: mongodb://[user:password@]host:port[,host2:port2]/database[?options])", cause);
    }

    /**
     * The URI with its user information and secret options replaced by {@code ***}. The user information ends at
     * the last '@' before the options, so a password with an unescaped '@' or '/' is hidden too.
     */
    static String redact(String uri) {
        int at = userInfoEnd(uri);
        String redacted = at < 0 ? uri : uri.substring(0, uri.indexOf("://") + 3) + "***" + uri.substring(at);
        return SECRET_OPTION.matcher(redacted).replaceAll("$1***");
    }

    private static int userInfoEnd(String uri) {
        int start = uri.indexOf("://");
        if (start < 0) {
            return -1;
        }
        int query = uri.indexOf('?', start);
        int at = uri.lastIndexOf('@', query < 0 ? uri.length() - 1 : query);
        return at > start ? at : -1;
    }

    /** A driver message that might quote the URI, without the URI's password. */
    private static String withoutSecrets(String message, String uri) {
        if (message == null) {
            return "malformed";
        }
        int at = userInfoEnd(uri);
        if (at < 0) {
            return message;
        }
        String userInfo = uri.substring(uri.indexOf("://") + 3, at);
        int colon = userInfo.indexOf(':');
        String password = colon < 0 ? "" : userInfo.substring(colon + 1);
        return password.isEmpty() ? message : message.replace(password, "***");
    }

    ConnectionString connectionString() {
        return connectionString;
    }

    /** The database named in the path, or {@value #DEFAULT_DATABASE}. */
    String database() {
        return database;
    }

    /** The scheme, hosts and database, without credentials and options: how the store names itself. */
    @Override
    public String toString() {
        return display;
    }
}
