package dev.multiserver.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.multiserver.servlet.Browser.Reply;
import dev.multiserver.session.MemorySessionStore;
import dev.multiserver.session.SessionStore;
import dev.multiserver.testkit.session.StoreServer;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.junit.jupiter.api.Test;

class MemorySessionSyncIntegrationTest extends SessionSyncScenarios {

    private final OutageStore store = new OutageStore(MemorySessionStore.create());

    @Override
    protected SessionStore openStore() {
        return store;
    }

    @Override
    protected StoreServer server() {
        return StoreServer.of(() -> store.down(true), () -> store.down(false));
    }

    @Test
    void filterDeclaredAsInWebXmlOpensItsStoreFromInitParams() {
        FilterHolder holder = new FilterHolder(SessionSyncFilter.class);
        holder.setInitParameter("store", "memory:");
        holder.setInitParameter("cookieName", "SID");
        holder.setInitParameter("maxInactiveInterval", "120");
        Browser browser = new Browser("SID");
        try (AppInstance instance = AppInstance.start(holder, new TestApp.Controls(), false)) {
            Reply created = browser.get(instance.uri("/max-inactive?seconds=-1"));
            assertThat(created.setCookies()).singleElement().asString().startsWith("SID=");

            assertThat(browser.get(instance.uri("/set?name=user&value=ada")).setCookies()).isEmpty();
            assertThat(browser.get(instance.uri("/get?name=user")).body()).isEqualTo("ada");
        }
    }

    @Test
    void closedStoreAnswers503() {
        MemorySessionStore closed = MemorySessionStore.create();
        closed.close();
        Browser browser = new Browser("MSSESSION");
        try (AppInstance instance = AppInstance.start(SessionSyncFilter.builder(closed).build(),
                new TestApp.Controls(), false)) {
            Reply reply = browser.get(instance.uri("/set?name=user&value=ada"));

            assertThat(reply.status()).isEqualTo(503);
            assertThat(reply.body()).isEqualTo("503 Service Unavailable: sessions cannot be reached; please try "
                    + "again\n");
            assertThat(browser.get(instance.uri("/plain")).body()).isEqualTo("plain");
        }
    }
}
