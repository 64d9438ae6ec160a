package dev.multiserver.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.multiserver.session.SessionChanges;
import dev.multiserver.session.SessionStoreException;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InitParamsTest {

    @Test
    void filterMadeForWebXmlOpensItsStoreFromInitParamsAndClosesItOnDestroy() throws ServletException {
        SessionSyncFilter filter = new SessionSyncFilter();
        filter.init(config(Map.of("store", "memory:", "cookieName", "SID", "maxInactiveInterval", "600",
                "touchInterval", "0", "mutationSaving", "on_set_only", "onStoreFailure", "PROCEED_WITHOUT_SESSION",
                "allowPackages", "com.example.shop, com.example.users", "storeTimeoutMillis", "500",
                "namespace", "shop")));

        SessionSettings settings = filter.settings();
        assertThat(settings.store().uri()).isEqualTo("memory:");
        assertThat(settings.ownsStore()).isTrue();
        assertThat(settings.cookieName()).isEqualTo("SID");
        assertThat(settings.maxInactiveInterval()).isEqualTo(Duration.ofMinutes(10));
        assertThat(settings.touchInterval()).isZero();
        assertThat(settings.mutationSaving()).isEqualTo(MutationSaving.ON_SET_ONLY);
        assertThat(settings.onStoreFailure()).isEqualTo(StoreFailureMode.PROCEED_WITHOUT_SESSION);

        filter.destroy();
        assertThatThrownBy(() -> settings.store().save(SessionChanges.create("x".repeat(32), Instant.now(),
                Duration.ofMinutes(1)))).isInstanceOf(SessionStoreException.class);
    }

    @Test
    void badInitParamsFailInitNamingTheParamAndTheFilter() {
        assertThat(initFailure(Map.of())).isEqualTo("SessionSyncFilter 'sessions': init-param store: missing "
                + "(expected: a session store URI such as redis://host:6379 or memory:)");
        assertThat(initFailure(Map.of("store", "memory:", "maxInactiveInterval", "30m")))
                .isEqualTo("SessionSyncFilter 'sessions': maxInactiveInterval: '30m' (expected: a whole number)");
        assertThat(initFailure(Map.of("store", "memory:", "maxInactiveInterval", "0")))
                .isEqualTo("SessionSyncFilter 'sessions': maxInactiveInterval: PT0S (expected: 1 s to 2147483647 s)");
        assertThat(initFailure(Map.of("store", "memory:", "mutationSaving", "always")))
                .isEqualTo("SessionSyncFilter 'sessions': mutationSaving: 'always' (expected: one of ON_SET_ONLY, "
                        + "ON_SET_AND_GET)");
        assertThat(initFailure(Map.of("store", "memory:", "cookiename", "SID")))
                .startsWith("SessionSyncFilter 'sessions': init-param cookiename: unknown (expected one of: "
                        + "allowPackages, cookieName,");
        assertThat(initFailure(Map.of("store", "memory:", "allowPackages", "java.util")))
                .startsWith("SessionSyncFilter 'sessions': allowPackages: 'java.util'");
        assertThat(initFailure(Map.of("store", "nosuch://host")))
                .startsWith("SessionSyncFilter 'sessions': session store 'nosuch://host': no store for scheme");
    }

    @Test
    void filterNotYetInitializedSaysSo() {
        SessionSyncFilter filter = new SessionSyncFilter();

        assertThat(filter).hasToString("SessionSyncFilter(not initialized)");
    }

    private static String initFailure(Map<String, String> params) {
        SessionSyncFilter filter = new SessionSyncFilter();
        try {
            filter.init(config(params));
        } catch (ServletException e) {
            return e.getMessage();
        }
        throw new AssertionError("init accepted " + params);
    }

    private static FilterConfig config(Map<String, String> params) {
        return new FilterConfig() {
            @Override
            public String getFilterName() {
                return "sessions";
            }

            @Override
            public ServletContext getServletContext() {
                return null;
            }

            @Override
            public String getInitParameter(String name) {
                return params.get(name);
            }

            @Override
            public Enumeration<String> getInitParameterNames() {
                return Collections.enumeration(params.keySet());
            }
        };
    }
}
