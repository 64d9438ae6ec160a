package dev.multiserver.testkit;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.ServerVersion;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.util.UUID;

/**
 * Gives tests a MongoDB to talk to over the wire: an in-JVM
 * <a href="https://github.com/bwaldvogel/mongo-java-server">mongo-java-server</a> (memory backend, oplog enabled
 * so change streams work) on a free loopback port, or the server named by the environment variable
 * {@code MONGODB_URI} when it is set.
 *
 * <pre>{@code
 * class MongoSessionStoreIntegrationTest {
 *     @RegisterExtension
 *     static final MongoServerExtension mongo = new MongoServerExtension();
 *
 *     @Test
 *     void storesSessions() {
 *         var store = MongoSessionStore.of(mongo.connectionString() + "/" + mongo.database());
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <p>With {@code MONGODB_URI} set (for example {@code MONGODB_URI=mongodb://127.0.0.1:27017 mvn verify}), no
 * server is started and {@link #connectionString()} returns that URI unchanged, so the same tests run against a
 * real MongoDB; change-stream tests then need it to be a replica set. {@link #database()} is a fresh name per
 * extension instance, so runs sharing one real server do not see each other's data (nothing drops it).
 *
 * <p>{@link #stop()} and {@link #start()} take the in-JVM server down and bring it back, empty, on the same port.
 *
 * <p>Registered on a static field the server runs for the whole class; on an instance field, for each test.
 */
public final class MongoServerExtension extends ScopedServerExtension {

    /** The environment variable naming an external MongoDB to use instead of mongo-java-server. */
    public static final String MONGODB_URI = "MONGODB_URI";

    private final String externalUri;
    private final String database = "multiserver_test_" + UUID.randomUUID().toString().substring(0, 8);
    private MongoServer server;
    private String connectionString;
    private int port;

    /** Creates the extension, reading {@code MONGODB_URI} from the environment. */
    public MongoServerExtension() {
        this(System.getenv(MONGODB_URI));
    }

    MongoServerExtension(String externalUri) {
        this.externalUri = externalUri == null || externalUri.isBlank() ? null : externalUri.trim();
    }

    /**
     * The URI to connect to: {@code mongodb://127.0.0.1:P} for the in-JVM server, or {@code MONGODB_URI}.
     *
     * @throws IllegalStateException if the in-JVM server is not running
     */
    public synchronized String connectionString() {
        if (externalUri != null) {
            return externalUri;
        }
        if (server == null) {
            throw new IllegalStateException("mongo-java-server is not running: register MongoServerExtension with "
                    + "@RegisterExtension, and ask for the connection string inside a test");
        }
        return connectionString;
    }

    /** Whether the tests use the server named by {@code MONGODB_URI} rather than an in-JVM one. */
    public boolean isExternal() {
        return externalUri != null;
    }

    /**
     * Stops the in-JVM server, as a crash would: clients are disconnected and its data is gone. For fault tests;
     * the next {@link #start()} (or the next test) starts an empty one on the same port.
     *
     * @throws IllegalStateException with {@code MONGODB_URI}, whose server tests cannot stop
     */
    public void stop() {
        checkInJvm("stop");
        stopServer();
    }

    /**
     * Starts the in-JVM server again, empty, on the port it had, so clients reconnect by themselves; does nothing
     * if it is running.
     *
     * @throws IllegalStateException with {@code MONGODB_URI}, whose server tests cannot start
     */
    public void start() {
        checkInJvm("start");
        startServer();
    }

    private void checkInJvm(String action) {
        if (externalUri != null) {
            throw new IllegalStateException("cannot " + action + " the MongoDB named by " + MONGODB_URI
                    + "; check isExternal() first");
        }
    }

    /**
     * The connection string with its path replaced by {@code /}{@link #database()}, options kept: the URI of a
     * store on this class's database, such as {@code mongodb://127.0.0.1:41234/multiserver_test_1a2b3c4d}.
     */
    public String databaseUri() {
        String connection = connectionString();
        int query = connection.indexOf('?');
        String options = query < 0 ? "" : connection.substring(query);
        String address = query < 0 ? connection : connection.substring(0, query);
        int path = address.indexOf('/', address.indexOf("://") + 3);
        return (path < 0 ? address : address.substring(0, path)) + "/" + database + options;
    }

    /** A database name for this test class, unique per extension instance. */
    public String database() {
        return database;
    }


    @Override
    synchronized void startServer() {
        if (externalUri != null || server != null) {
            return;
        }
        MongoServer started = new MongoServer(new MemoryBackend().version(ServerVersion.MONGO_5_0));
        started.enableOplog();
        try {
            // the first start picks a free port; later ones take it again so clients can reconnect
            started.bind(new InetSocketAddress(FreePorts.LOOPBACK, port));
        } catch (RuntimeException e) {
            started.shutdownNow();
            throw new IllegalStateException("mongo-java-server cannot listen on " + FreePorts.LOOPBACK + ":" + port,
                    e);
        }
        server = started;
        port = started.getLocalAddress().getPort();
        connectionString = "mongodb://" + FreePorts.LOOPBACK + ":" + port;
    }

    @Override
    synchronized void stopServer() {
        if (server != null) {
            server.shutdownNow();
            server = null;
            connectionString = null;
        }
    }

    @Override
    public String toString() {
        return "MongoServerExtension[" + (externalUri != null ? "MONGODB_URI" : connectionString) + "]";
    }
}
