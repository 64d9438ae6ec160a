package dev.multiserver.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.multiserver.session.MemorySessionStore;
import dev.multiserver.session.SessionStore;
import dev.multiserver.session.SessionValueCodec;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SessionSyncFilterBuilderTest {

    private final SessionStore store = MemorySessionStore.create();

    @Test
    void defaultsAreTheDocumentedOnes() {
        SessionSettings settings = SessionSyncFilter.builder(store).build().settings();

        assertThat(settings.store()).isSameAs(store);
        assertThat(settings.ownsStore()).isFalse();
        assertThat(settings.cookieName()).isEqualTo("MSSESSION");
        assertThat(settings.maxInactiveInterval()).isEqualTo(Duration.ofMinutes(30));
        assertThat(settings.touchInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(settings.mutationSaving()).isEqualTo(MutationSaving.ON_SET_AND_GET);
        assertThat(settings.onStoreFailure()).isEqualTo(StoreFailureMode.RESPOND_503);
    }

    @Test
    void settersNameTheBadValueAndWhatIsExpected() {
        SessionSyncFilterBuilder builder = SessionSyncFilter.builder(store);

        assertThatThrownBy(() -> builder.cookieName("my session"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cookieName: 'my session' (expected: a cookie name");
        assertThatThrownBy(() -> builder.cookieName("a=b")).hasMessageStartingWith("cookieName: 'a=b'");
        assertThatThrownBy(() -> builder.cookieName("")).hasMessageStartingWith("cookieName: ''");
        assertThatThrownBy(() -> builder.maxInactiveInterval(Duration.ZERO))
                .hasMessage("maxInactiveInterval: PT0S (expected: 1 s to 2147483647 s)");
        assertThatThrownBy(() -> builder.maxInactiveInterval(Duration.ofMillis(500)))
                .hasMessage("maxInactiveInterval: PT0.5S (expected: 1 s to 2147483647 s)");
        assertThatThrownBy(() -> builder.touchInterval(Duration.ofSeconds(-1)))
                .hasMessage("touchInterval: PT-1S (expected: >= 0)");
        assertThatThrownBy(() -> builder.codec(null)).isInstanceOf(NullPointerException.class).hasMessage("codec");
        assertThatThrownBy(() -> SessionSyncFilter.builder(null)).hasMessage("store");
    }

    @Test
    void settingAnOptionTwiceIsRefused() {
        SessionSyncFilterBuilder builder = SessionSyncFilter.builder(store).cookieName("SID");

        assertThatThrownBy(() -> builder.cookieName("OTHER"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("cookieName was already set to SID");
    }

    @Test
    void builderCanBuildAgain() {
        SessionSyncFilterBuilder builder = SessionSyncFilter.builder(store)
                .codec(SessionValueCodec.defaults())
                .cookieName("SID")
                .maxInactiveInterval(Duration.ofMinutes(5))
                .touchInterval(Duration.ZERO)
                .mutationSaving(MutationSaving.ON_SET_ONLY)
                .onStoreFailure(StoreFailureMode.PROCEED_WITHOUT_SESSION);

        SessionSettings first = builder.build().settings();
        SessionSettings second = builder.build().settings();

        assertThat(second).isEqualTo(first);
        assertThat(first.cookieName()).isEqualTo("SID");
        assertThat(first.mutationSaving()).isEqualTo(MutationSaving.ON_SET_ONLY);
    }

    @Test
    void shortSessionsAreTouchedEveryHalfIntervalSoTheyStayAliveWhileUsed() {
        SessionSettings settings = SessionSyncFilter.builder(store).build().settings();

        assertThat(settings.touchIntervalFor(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.touchIntervalFor(Duration.ofHours(1))).isEqualTo(Duration.ofMinutes(1));
        assertThat(settings.touchIntervalFor(Duration.ofSeconds(-1))).as("never expires").isEqualTo(Duration.ofMinutes(1));
    }
}
