package dev.multiserver.benchmarks.sessions;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.ServerVersion;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;

/**
 * The benchmark's MongoDB: mongo-java-server, an in-memory MongoDB written in Java, speaking the wire protocol on one
 * port. Not a real {@code mongod} (Debian has none): a run with it measures the client side of each session store.
 *
 * <pre>{@code
 * java -cp multiserver-benchmarks-sessions.jar dev.multiserver.benchmarks.sessions.MongoPeer 127.0.0.1 18113
 * }</pre>
 */
public final class MongoPeer {

    private MongoPeer() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 2 || !args[1].matches("[1-9][0-9]{0,4}")) {
            System.err.println("usage: MongoPeer HOST PORT");
            System.exit(2);
        }
        MongoServer server = new MongoServer(new MemoryBackend().version(ServerVersion.MONGO_5_0));
        // one thread that accepts, one that serves: the peer shares one CPU with the load, like redis-server
        server.bind(new InetSocketAddress(args[0], Integer.parseInt(args[1])), 1, 1);
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow, "mongo-peer-shutdown"));
        System.out.println("mongo-java-server listening on mongodb://" + args[0] + ":" + args[1]);
        new CountDownLatch(1).await();   // until SIGTERM
    }
}
