package dev.multiserver.benchmarks.broadcast;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.ServerVersion;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;

/**
 * The benchmark's MongoDB: mongo-java-server (in-memory, speaking the wire protocol) with its oplog on, so that
 * change streams work. Not a real {@code mongod} (Debian has none): the figures measure the channel's client side.
 *
 * <pre>{@code
 * java -cp multiserver-benchmarks-broadcast.jar dev.multiserver.benchmarks.broadcast.MongoPeer 127.0.0.1 18313
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
        server.enableOplog();
        server.bind(new InetSocketAddress(args[0], Integer.parseInt(args[1])), 1, 1);
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow, "mongo-peer-shutdown"));
        System.out.println("mongo-java-server listening on mongodb://" + args[0] + ":" + args[1]);
        new CountDownLatch(1).await();   // until SIGTERM
    }
}
