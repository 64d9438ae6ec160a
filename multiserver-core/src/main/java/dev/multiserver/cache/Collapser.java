package dev.multiserver.cache;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/** Concurrent misses for one key: the first leads, the others wait for how its exchange ended. */
final class Collapser {

    /** How a leader's exchange ended, for its followers. */
    sealed interface Outcome {
    }

    /** The leader stored (or refreshed) this entry under this variant key. */
    record Stored(Entry entry, VariantIndex index, String variantKey) implements Outcome {
    }

    /** Nothing usable: followers forward themselves. */
    record ForwardYourselves() implements Outcome {
    }

    static final Outcome FORWARD = new ForwardYourselves();

    /** A leader's slot; {@code release} hands the outcome to every follower, at most once. */
    static final class Flight {
        private final ConcurrentMap<String, Flight> flights;
        private final String key;
        private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();

        private Flight(ConcurrentMap<String, Flight> flights, String key) {
            this.flights = flights;
            this.key = key;
        }

        void release(Outcome result) {
            flights.remove(key, this);
            outcome.complete(result);
        }
    }

    /** Either this request leads ({@code leader} set) or it follows ({@code following} set). */
    record Joined(Flight leader, CompletableFuture<Outcome> following) {
    }

    private final ConcurrentMap<String, Flight> flights = new ConcurrentHashMap<>();
    private final long timeoutMillis;

    Collapser(long timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
    }

    Joined join(String key) {
        Flight mine = new Flight(flights, key);
        Flight existing = flights.putIfAbsent(key, mine);
        if (existing == null) {
            return new Joined(mine, null);
        }
        return new Joined(null, existing.outcome.copy().completeOnTimeout(FORWARD, timeoutMillis,
                TimeUnit.MILLISECONDS));
    }
}
