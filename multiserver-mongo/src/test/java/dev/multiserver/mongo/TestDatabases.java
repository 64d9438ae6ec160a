package dev.multiserver.mongo;

import dev.multiserver.testkit.MongoServerExtension;

/** Store URIs for the test database of a {@link MongoServerExtension}, whose connection string may have options. */
final class TestDatabases {

    private TestDatabases() {
    }

    /** The extension's connection string with its path replaced by {@code /DATABASE}, options kept. */
    static String uri(MongoServerExtension mongo) {
        String connection = mongo.connectionString();
        int query = connection.indexOf('?');
        String options = query < 0 ? "" : connection.substring(query);
        String address = query < 0 ? connection : connection.substring(0, query);
        int path = address.indexOf('/', address.indexOf("://") + 3);
        return (path < 0 ? address : address.substring(0, path)) + "/" + mongo.database() + options;
    }
}
