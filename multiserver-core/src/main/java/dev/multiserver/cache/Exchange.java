package dev.multiserver.cache;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link Admission} of one forwarded request: stores what may be stored and releases collapsed followers. */
final class Exchange implements Admission {

    private static final Logger log = LoggerFactory.getLogger(ResponseCache.class);

    private enum Kind { PASS, INVALIDATE, STORE, REVALIDATE }

    private final Engine engine;
    private final Kind kind;
    private final CacheStatus status;
    private final Lookup lookup;
    private final VariantIndex index;
    private final String variantKey;
    private final Entry stale;
    private final Collapser.Flight flight;
    private final String target;
    private final long requestTime;
    private final AtomicBoolean answered = new AtomicBoolean();
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile Recorder recorder;

    private Exchange(Engine engine, Kind kind, CacheStatus status, Lookup lookup, VariantIndex index,
            String variantKey, Entry stale, Collapser.Flight flight, String target) {
        this.engine = engine;
        this.kind = kind;
        this.status = status;
        this.lookup = lookup;
        this.index = index;
        this.variantKey = variantKey;
        this.stale = stale;
        this.flight = flight;
        this.target = target;
        this.requestTime = engine.clock.millis();
    }

    static Exchange passing(Engine engine, CacheStatus status) {
        return new Exchange(engine, Kind.PASS, status, null, null, null, null, null, null);
    }

    static Exchange invalidating(Engine engine, String target) {
        return new Exchange(engine, Kind.INVALIDATE, CacheStatus.BYPASS, null, null, null, null, null, target);
    }

    static Exchange storing(Engine engine, Lookup lookup, VariantIndex index, String variantKey, Entry stale,
            Collapser.Flight flight) {
        return new Exchange(engine, Kind.STORE, CacheStatus.MISS, lookup, index, variantKey, stale, flight,
                lookup.target());
    }

    static Exchange revalidation(Engine engine, Lookup lookup, VariantIndex index, String variantKey, Entry stale) {
        return new Exchange(engine, Kind.REVALIDATE, CacheStatus.STALE, lookup, index, variantKey, stale, null,
                lookup.target());
    }

    @Override
    public ResponseStart onResponse(int responseStatus, CacheHeaders headers) {
        java.util.Objects.requireNonNull(headers, "headers");
        checkFirstAnswer("onResponse");
        CacheHeaders clientHeaders = engine.marked(headers, status);
        switch (kind) {
            case PASS -> {
                return ResponseStart.pass(clientHeaders);
            }
            case INVALIDATE -> {
                // RFC 9111 §4.4: a successful unsafe request makes what is stored for its target outdated
                if (responseStatus >= 200 && responseStatus < 400) {
                    engine.purge(target);
                }
                return ResponseStart.pass(clientHeaders);
            }
            default -> {
                return admit(responseStatus, headers, clientHeaders);
            }
        }
    }

    private ResponseStart admit(int responseStatus, CacheHeaders headers, CacheHeaders clientHeaders) {
        long responseTime = engine.clock.millis();
        if (responseStatus == 304 && stale != null && stale.hasValidators()) {
            return refreshed(headers, responseTime);
        }
        if (responseStatus == 304) {
            finish(Collapser.FORWARD);
            return ResponseStart.pass(clientHeaders);
        }
        String reason = engine.unstorableReason(lookup, responseStatus, headers, requestTime, responseTime);
        if (reason == null && headers.first("Content-Length").map(this::tooLong).orElse(false)) {
            reason = "Content-Length over maxObjectSize " + engine.maxObjectSize;
        }
        if (reason != null) {
            log.debug("response cache: not storing {} {}: {}", responseStatus, target, reason);
            notStored();
            return ResponseStart.pass(clientHeaders);
        }
        Directives directives = Directives.parse(headers.joined("Cache-Control"));
        Recorder started = new Recorder(this, responseStatus, StoredHeaders.storable(headers, false),
                engine.heuristic(lookup, directives, headers), requestTime, responseTime, engine.maxObjectSize);
        recorder = started;
        return new ResponseStart(clientHeaders, Optional.of(started), Optional.empty());
    }

    private boolean tooLong(String contentLength) {
        try {
            return Long.parseLong(contentLength.trim()) > engine.maxObjectSize;
        } catch (NumberFormatException notANumber) {
            return false;
        }
    }

    /** Upstream confirmed the stale entry: its headers are updated (§4.3.4) and it is served again. */
    private ResponseStart refreshed(CacheHeaders headers, long responseTime) {
        Entry refreshed = stale.refreshedBy(headers, requestTime, responseTime);
        CacheHeaders merged = refreshed.headers;
        String reason = engine.unstorableReason(lookup, refreshed.status, merged, requestTime, responseTime);
        if (reason == null) {
            finish(engine.persist(lookup, index, refreshed));
        } else {
            engine.tiers.delete(variantKey);
            finish(Collapser.FORWARD);
        }
        CachedResponse replacement = engine.response(lookup, refreshed, CacheStatus.HIT, responseTime);
        return new ResponseStart(engine.marked(headers, CacheStatus.HIT), Optional.empty(), Optional.of(replacement));
    }

    @Override
    public Optional<CachedResponse> onError(int errorStatus) {
        checkFirstAnswer("onError");
        finish(Collapser.FORWARD);
        if (stale == null) {
            return Optional.empty();
        }
        long now = engine.clock.millis();
        long staleIfError = stale.staleIfError();
        long staleness = stale.currentAge(now) - stale.lifetime();
        if (staleIfError < 0 || stale.noCache() || staleness > staleIfError) {
            return Optional.empty();
        }
        engine.counters.stale.increment();
        return Optional.of(engine.response(lookup, stale, CacheStatus.STALE, now));
    }

    @Override
    public void abandon() {
        answered.set(true);
        Recorder active = recorder;
        if (active != null) {
            active.abort();
        } else {
            finish(Collapser.FORWARD);
        }
    }

    private void checkFirstAnswer(String method) {
        if (!answered.compareAndSet(false, true)) {
            throw new IllegalStateException(method + ": this exchange for " + target + " has already ended");
        }
    }

    /** The recorder's body is complete: the entry is stored and followers are served from it. */
    void recorded(Entry entry) {
        finish(engine.persist(lookup, index, entry));
    }

    void notStored() {
        if (kind == Kind.STORE || kind == Kind.REVALIDATE) {
            engine.counters.notStored.increment();
        }
        finish(Collapser.FORWARD);
    }

    private void finish(Collapser.Outcome outcome) {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        if (flight != null) {
            flight.release(outcome);
        }
        if (kind == Kind.REVALIDATE) {
            engine.revalidated(variantKey);
        }
    }
}
