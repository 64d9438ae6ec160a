package dev.multiserver.benchmarks.sessions;

import org.eclipse.jetty.memcached.session.MemcachedSessionDataMapFactory;
import org.eclipse.jetty.nosql.mongodb.MongoSessionDataStoreFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.session.CachingSessionDataStoreFactory;
import org.eclipse.jetty.session.NullSessionCacheFactory;
import org.eclipse.jetty.session.NullSessionDataStoreFactory;

/**
 * Jetty's own session stores, set up the way Jetty's documentation describes for a cluster without sticky sessions,
 * so that they do the same work per request as multiserver's filter.
 *
 * <ul>
 *   <li>{@link NullSessionCacheFactory}: no session kept in the JVM between requests, so every request loads the
 *       session from the store, as it must when the next request may go to another instance. (Jetty's default
 *       cache would serve reads from memory and only write through: the store would never be read.)</li>
 *   <li>Flush on response commit: the write reaches the store before the answer leaves, as with multiserver, so a
 *       client's next request sees it.</li>
 *   <li>Memcached: Jetty only offers it as a cache in front of another store; behind it is the
 *       {@link NullSessionDataStoreFactory} (stores nothing), so memcached is the only store, as in multiserver.</li>
 * </ul>
 *
 * <p>Jetty finds these factories among the server's beans when the session handler starts.
 */
final class JettySessions {

    private JettySessions() {
    }

    static void configure(Server server, BenchArgs args) {
        if (args.mode() == Mode.JETTY_MEMORY) {
            return;   // Jetty's defaults: sessions cached in memory, no store behind them
        }
        NullSessionCacheFactory cache = new NullSessionCacheFactory();
        cache.setFlushOnResponseCommit(true);
        server.addBean(cache);
        switch (args.mode()) {
            case JETTY_MEMCACHED -> server.addBean(memcached(args));
            case JETTY_MONGO -> server.addBean(mongo(args));
            default -> throw new IllegalArgumentException("not a Jetty session mode: " + args.mode().flag());
        }
    }

    private static CachingSessionDataStoreFactory memcached(BenchArgs args) {
        MemcachedSessionDataMapFactory memcached = new MemcachedSessionDataMapFactory();
        memcached.setAddresses(args.memcachedAddress());
        CachingSessionDataStoreFactory store = new CachingSessionDataStoreFactory();
        store.setSessionDataMapFactory(memcached);
        store.setSessionStoreFactory(new NullSessionDataStoreFactory());
        return store;
    }

    private static MongoSessionDataStoreFactory mongo(BenchArgs args) {
        MongoSessionDataStoreFactory mongo = new MongoSessionDataStoreFactory();
        mongo.setConnectionString(args.mongo().toString());
        mongo.setDbName(args.mongoDatabase());
        mongo.setCollectionName("jettySessions");
        return mongo;
    }
}
