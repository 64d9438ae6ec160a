package dev.multiserver.mongo;

import dev.multiserver.testkit.MongoServerExtension;

/** Store URIs for the test database of a {@link MongoServerExtension}, whose connection string may have options. */
final class TestDatabases {

    private TestDatabases() {
    }

    /** The extension's connection string with its path replaced by {@code /DATABASE}, options kept. */
    static String uri(MongoServerExtension mongo) {
        return mongo.databaseUri();
    }

    /** A channel URI on the test database with this {@code mode} option, the extension's options kept. */
    static String channelUri(MongoServerExtension mongo, String mode) {
        String uri = mongo.databaseUri();
        return uri + (uri.contains("?") ? "&" : "?") + "mode=" + mode;
    }
}
