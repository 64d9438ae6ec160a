package dev.multiserver.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.multiserver.cache.ResponseCache;
import dev.multiserver.pubsub.MemoryEventChannel;
import dev.multiserver.session.SessionStore;
import dev.multiserver.session.SessionStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DemoAppBuilderTest {

    private final SessionStore store = SessionStores.open("memory:");
    private final MemoryEventChannel channel = MemoryEventChannel.create();
    private final ResponseCache cache = ResponseCache.builder().build();

    @AfterEach
    void close() throws Exception {
        cache.close();
        channel.close();
        store.close();
    }

    @Test
    void refusesWhatCannotWorkNamingTheSetting() {
        DemoAppBuilder builder = DemoApp.builder(store, channel, cache);

        assertThatThrownBy(() -> builder.port(-1)).hasMessage("port: -1 (expected: 0-65535)");
        assertThatThrownBy(() -> builder.port(65_536)).hasMessage("port: 65536 (expected: 0-65535)");
        assertThatThrownBy(() -> builder.bindAddress(" "))
                .hasMessage("bindAddress: blank (expected: a host name or IP address)");
        assertThatThrownBy(() -> builder.workerId((String) null)).hasMessage("workerId");
        assertThatThrownBy(() -> DemoApp.builder(null, channel, cache)).hasMessage("store");
        assertThatThrownBy(() -> DemoApp.builder(store, null, cache)).hasMessage("channel");
        assertThatThrownBy(() -> DemoApp.builder(store, channel, null)).hasMessage("cache");
    }

    @Test
    void aTakenPortFailsTheStartNamingTheAddress() {
        try (DemoApp first = DemoApp.builder(store, channel, cache).start()) {
            assertThatThrownBy(() -> DemoApp.builder(store, channel, cache).port(first.port()).start())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("demo application: cannot listen on 127.0.0.1:" + first.port());
        }
    }

    @Test
    void withoutAnIdTheWorkerIsNamedAfterItsPortAndClosingCompletesStopped() {
        DemoApp app = DemoApp.builder(store, channel, cache).start();

        assertThat(app.workerId()).isEqualTo("worker@" + app.port());
        app.close();
        assertThat(app.stopped().toCompletableFuture()).isCompleted();
    }

    @Test
    void htmlEscapesWhatWouldBreakTheMarkup() {
        assertThat(Html.escape("<a href=\"x\">'&'</a>"))
                .isEqualTo("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    }
}
