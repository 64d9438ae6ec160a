package dev.multiserver.memcached;

import com.spotify.folsom.BinaryMemcacheClient;
import com.spotify.folsom.ExponentialBackoff;
import com.spotify.folsom.MemcacheClientBuilder;
import com.spotify.folsom.reconnect.ReconnectionListener;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one way every store of this module connects: folsom's binary protocol, set up the same for all. */
final class MemcachedClients {

    private static final Logger log = LoggerFactory.getLogger(MemcachedClients.class);

    private MemcachedClients() {
    }

    /**
     * A client of every server of {@code addresses}, waiting up to {@code timeout} for them to answer; one that
     * does not is connected to later, by the client itself.
     */
    static BinaryMemcacheClient<byte[]> connect(MemcachedAddresses addresses, String storeUri, Duration timeout,
                                                ReconnectionListener listener) {
        MemcacheClientBuilder<byte[]> builder = MemcacheClientBuilder.newByteArrayClient()
                .withRequestTimeoutMillis(timeout.toMillis())
                .withConnectionTimeoutMillis(timeout.toMillis())
                // a restarted server is found within a second, whatever the length of the outage
                .withBackoff(new ExponentialBackoff(10, 1000, 2.5))
                .withReconnectionListener(listener)
                // a retry could repeat a write that was done; callers see the failure instead
                .withRetry(false)
                // sizes are checked by the stores, with a message naming what is stored; the server has the last word
                .withMaxSetLength(Integer.MAX_VALUE);
        for (MemcachedAddresses.Server server : addresses.servers()) {
            builder.withAddress(server.host(), server.port());
        }
        BinaryMemcacheClient<byte[]> client = builder.connectBinary();
        try {
            client.awaitFullyConnected(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // the store works for the servers that answer, and connects to the others by itself
            log.debug("{}: not connected to every server within {} ms; calls that need a missing one fail until "
                    + "it answers", storeUri, timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return client;
    }
}
