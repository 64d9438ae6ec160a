package dev.multiserver.servlet;

import static java.util.Objects.requireNonNull;

import dev.multiserver.session.SessionStore;
import dev.multiserver.session.SessionValueCodec;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Configures a {@link SessionSyncFilter}. Every setter checks its value at once and refuses being called twice;
 * {@link #build()} can be called again.
 *
 * <pre>{@code
 * SessionSyncFilter filter = SessionSyncFilter.builder(store)
 *         .codec(SessionValueCodec.builder().allowPackages("com.example.shop").build())
 *         .maxInactiveInterval(Duration.ofHours(2))
 *         .onStoreFailure(StoreFailureMode.PROCEED_WITHOUT_SESSION)
 *         .build();
 * }</pre>
 */
public final class SessionSyncFilterBuilder {

    /** An RFC 6265 cookie name: an RFC 9110 token. */
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Duration MAX_INTERVAL = Duration.ofSeconds(Integer.MAX_VALUE);

    private final SessionStore store;
    private final boolean ownsStore;
    private SessionValueCodec codec;
    private String cookieName;
    private Duration maxInactiveInterval;
    private Duration touchInterval;
    private MutationSaving mutationSaving;
    private StoreFailureMode onStoreFailure;

    SessionSyncFilterBuilder(SessionStore store, boolean ownsStore) {
        this.store = requireNonNull(store, "store");
        this.ownsStore = ownsStore;
    }

    /**
     * How attribute values become JSON and back; default {@link SessionValueCodec#defaults()}, which allows JDK
     * values only. Name the packages of your own records and POJOs with
     * {@code SessionValueCodec.builder().allowPackages("com.example.shop").build()}.
     */
    public SessionSyncFilterBuilder codec(SessionValueCodec codec) {
        requireNonNull(codec, "codec");
        checkUnset(this.codec, "codec");
        this.codec = codec;
        return this;
    }

    /** The name of the session cookie; default {@code MSSESSION}. */
    public SessionSyncFilterBuilder cookieName(String cookieName) {
        requireNonNull(cookieName, "cookieName");
        checkUnset(this.cookieName, "cookieName");
        if (!TOKEN.matcher(cookieName).matches()) {
            throw new IllegalArgumentException("cookieName: '" + cookieName
                    + "' (expected: a cookie name, letters, digits and !#$%&'*+-.^_`|~)");
        }
        this.cookieName = cookieName;
        return this;
    }

    /**
     * How long a new session lives without a request; default 30 minutes, in whole seconds. The application can
     * change it per session with {@code HttpSession.setMaxInactiveInterval}.
     */
    public SessionSyncFilterBuilder maxInactiveInterval(Duration maxInactiveInterval) {
        requireNonNull(maxInactiveInterval, "maxInactiveInterval");
        checkUnset(this.maxInactiveInterval, "maxInactiveInterval");
        if (maxInactiveInterval.compareTo(Duration.ofSeconds(1)) < 0
                || maxInactiveInterval.compareTo(MAX_INTERVAL) > 0) {
            throw new IllegalArgumentException("maxInactiveInterval: " + maxInactiveInterval
                    + " (expected: 1 s to " + Integer.MAX_VALUE + " s)");
        }
        this.maxInactiveInterval = maxInactiveInterval;
        return this;
    }

    /**
     * How often, at most, a request that changes nothing writes the session's access time to keep it alive;
     * default 1 minute. Zero writes on every request that uses the session. Sessions whose maximum inactive
     * interval is shorter than twice this are touched every half interval instead, so an active session never
     * expires.
     */
    public SessionSyncFilterBuilder touchInterval(Duration touchInterval) {
        requireNonNull(touchInterval, "touchInterval");
        checkUnset(this.touchInterval, "touchInterval");
        if (touchInterval.isNegative()) {
            throw new IllegalArgumentException("touchInterval: " + touchInterval + " (expected: >= 0)");
        }
        this.touchInterval = touchInterval;
        return this;
    }

    /** Whether values changed in place after {@code getAttribute} are saved; default {@link MutationSaving#ON_SET_AND_GET}. */
    public SessionSyncFilterBuilder mutationSaving(MutationSaving mutationSaving) {
        requireNonNull(mutationSaving, "mutationSaving");
        checkUnset(this.mutationSaving, "mutationSaving");
        this.mutationSaving = mutationSaving;
        return this;
    }

    /** What a request gets when the store fails; default {@link StoreFailureMode#RESPOND_503}. */
    public SessionSyncFilterBuilder onStoreFailure(StoreFailureMode onStoreFailure) {
        requireNonNull(onStoreFailure, "onStoreFailure");
        checkUnset(this.onStoreFailure, "onStoreFailure");
        this.onStoreFailure = onStoreFailure;
        return this;
    }

    public SessionSyncFilter build() {
        return new SessionSyncFilter(new SessionSettings(store, ownsStore,
                codec != null ? codec : SessionValueCodec.defaults(),
                cookieName != null ? cookieName : "MSSESSION",
                maxInactiveInterval != null ? maxInactiveInterval : Duration.ofMinutes(30),
                touchInterval != null ? touchInterval : Duration.ofMinutes(1),
                mutationSaving != null ? mutationSaving : MutationSaving.ON_SET_AND_GET,
                onStoreFailure != null ? onStoreFailure : StoreFailureMode.RESPOND_503));
    }

    private static void checkUnset(Object current, String name) {
        if (current != null) {
            throw new IllegalStateException(name + " was already set to " + current);
        }
    }
}
