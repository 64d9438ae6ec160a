package dev.multiserver.balancer.algorithm;

import static dev.multiserver.balancer.algorithm.TestBackends.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StickySessionAlgorithmTest {

    private final BackendState a = state("10.0.0.1");
    private final BackendState b = state("10.0.0.2");
    private final BackendState c = state("10.0.0.3");
    private final List<BackendState> all = List.of(a, b, c);

    private static Algorithm added(Algorithm algorithm, List<BackendState> backends) {
        backends.forEach(algorithm::onBackendAdded);
        return algorithm;
    }

    private static String expectedCookie(BackendState backend) {
        return "Set-Cookie: MSBACKEND=" + backend.id() + "; Path=/; HTTPOnly; SameSite=Lax";
    }

    @Test
    void sendsARequestWhoseCookieNamesACandidateThereAndSetsNoCookie() {
        Algorithm sticky = added(Algorithm.stickySession(), all);
        for (BackendState backend : all) {
            FakeRequest request = FakeRequest.get().withCookie("MSBACKEND", backend.id());
            assertThat(sticky.pick(request, all)).isSameAs(backend);
            assertThat(request.addedResponseHeaders).isEmpty();
        }
    }

    @Test
    void placesARequestWithoutCookieAndGivesItACookieNamingTheChosenBackend() {
        Algorithm sticky = added(Algorithm.stickySession(), all);
        FakeRequest request = FakeRequest.from("198.51.100.7");
        BackendState chosen = sticky.pick(request, all);
        assertThat(request.addedResponseHeaders).containsExactly(expectedCookie(chosen));

        FakeRequest next = FakeRequest.from("203.0.113.99").withCookie("MSBACKEND", chosen.id());
        assertThat(sticky.pick(next, all)).isSameAs(chosen);
    }

    @Test
    void reissuesTheCookieWhenItNamesABackendThatIsNotACandidate() {
        Algorithm sticky = added(Algorithm.stickySession(), all);
        FakeRequest request = FakeRequest.get().withCookie("MSBACKEND", a.id());
        BackendState chosen = sticky.pick(request, List.of(b, c));
        assertThat(chosen).isIn(b, c);
        assertThat(request.addedResponseHeaders).containsExactly(expectedCookie(chosen));
    }

    @Test
    void reissuesTheCookieWhenItNamesNoKnownBackend() {
        Algorithm sticky = added(Algorithm.stickySession(), all);
        FakeRequest request = FakeRequest.get().withCookie("MSBACKEND", "made-up-id12");
        BackendState chosen = sticky.pick(request, all);
        assertThat(request.addedResponseHeaders).containsExactly(expectedCookie(chosen));
    }

    @Test
    void marksTheCookieSecureOnlyForClientsOverTls() {
        Algorithm sticky = added(Algorithm.stickySession(), all);
        FakeRequest plain = FakeRequest.from("198.51.100.7");
        FakeRequest tls = FakeRequest.from("198.51.100.7").overTls();
        BackendState chosen = sticky.pick(plain, all);
        assertThat(sticky.pick(tls, all)).isSameAs(chosen);
        assertThat(plain.addedResponseHeaders.get(0)).doesNotContain("Secure");
        assertThat(tls.addedResponseHeaders)
                .containsExactly("Set-Cookie: MSBACKEND=" + chosen.id() + "; Path=/; Secure; HTTPOnly; SameSite=Lax");
    }

    @Test
    void keepsAClientWithoutCookiesOnOneBackendByItsAddress() {
        Algorithm sticky = added(Algorithm.stickySession(), all);
        BackendState first = sticky.pick(FakeRequest.from("198.51.100.7"), all);
        for (int i = 0; i < 50; i++) {
            assertThat(sticky.pick(FakeRequest.from("198.51.100.7"), all)).isSameAs(first);
        }
    }

    @Test
    void spreadsClientsWithoutCookiesOverEveryBackend() {
        Algorithm sticky = added(Algorithm.stickySession(), all);
        Set<BackendState> used = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            used.add(sticky.pick(FakeRequest.from("198.51.100." + i), all));
        }
        assertThat(used).containsExactlyInAnyOrder(a, b, c);
    }

    @Test
    void twoBalancersWithTheSameBackendsRouteCookiesAndAddressesAlike() {
        List<BackendState> onFirst = List.of(state("10.0.0.1"), state("10.0.0.2"), state("10.0.0.3"));
        List<BackendState> onSecond = List.of(state("10.0.0.3"), state("10.0.0.1"), state("10.0.0.2"));
        Algorithm first = added(Algorithm.stickySession(), onFirst);
        Algorithm second = added(Algorithm.stickySession(), onSecond);
        for (int i = 0; i < 200; i++) {
            String ip = "203.0.113." + i;
            assertThat(second.pick(FakeRequest.from(ip), onSecond).id())
                    .isEqualTo(first.pick(FakeRequest.from(ip), onFirst).id());
        }
        for (BackendState backend : onFirst) {
            FakeRequest request = FakeRequest.get().withCookie("MSBACKEND", backend.id());
            assertThat(second.pick(request, onSecond).id()).isEqualTo(backend.id());
        }
    }

    @Test
    void worksWithoutBeingToldOfTheBackends() {
        Algorithm told = added(Algorithm.stickySession(), all);
        Algorithm untold = Algorithm.stickySession();
        for (int i = 0; i < 100; i++) {
            String ip = "198.51.100." + i;
            assertThat(untold.pick(FakeRequest.from(ip), all)).isSameAs(told.pick(FakeRequest.from(ip), all));
        }
    }

    @Test
    void usesTheCookieNameItIsGiven() {
        Algorithm sticky = added(Algorithm.stickySession("SRV"), all);
        FakeRequest pinned = FakeRequest.get().withCookie("SRV", b.id()).withCookie("MSBACKEND", c.id());
        assertThat(sticky.pick(pinned, all)).isSameAs(b);
        FakeRequest fresh = FakeRequest.get().withCookie("MSBACKEND", c.id());
        BackendState chosen = sticky.pick(fresh, all);
        assertThat(fresh.addedResponseHeaders).singleElement().asString()
                .startsWith("Set-Cookie: SRV=" + chosen.id() + ";");
    }

    @Test
    void refusesACookieNameThatIsNotAToken() {
        for (String bad : List.of("", "MS BACKEND", "a;b", "a=b", "sé", "\"q\"")) {
            assertThatThrownBy(() -> Algorithm.stickySession(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("cookieName: \"" + bad + "\" (expected: at least one character, letters, digits and "
                            + "!#$%&'*+-.^_`|~ only, as RFC 6265 requires of a cookie name)");
        }
        assertThatThrownBy(() -> Algorithm.stickySession(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("cookieName");
    }

    @Test
    void isNamedStickySession() {
        assertThat(Algorithm.stickySession()).hasToString("sticky-session");
        assertThat(Algorithm.stickyOnCookie("JSESSIONID")).hasToString("sticky-session(cookie:JSESSIONID)");
    }

    @Test
    void onTheApplicationsCookieSendsOneSessionToOneBackendFromAnyAddressAndSetsNoCookie() {
        Algorithm sticky = added(Algorithm.stickyOnCookie("JSESSIONID"), all);
        BackendState first = sticky.pick(FakeRequest.from("198.51.100.1").withCookie("JSESSIONID", "s-42"), all);
        for (int i = 0; i < 50; i++) {
            FakeRequest request = FakeRequest.from("203.0.113." + i).withCookie("JSESSIONID", "s-42");
            assertThat(sticky.pick(request, all)).isSameAs(first);
            assertThat(request.addedResponseHeaders).isEmpty();
        }
        Set<BackendState> used = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            used.add(sticky.pick(FakeRequest.from("198.51.100.1").withCookie("JSESSIONID", "s-" + i), all));
        }
        assertThat(used).containsExactlyInAnyOrder(a, b, c);
    }

    @Test
    void onTheApplicationsCookieFallsBackToTheClientAddressWithoutIt() {
        Algorithm sticky = added(Algorithm.stickyOnCookie("JSESSIONID"), all);
        Algorithm byAddress = added(Algorithm.consistentHash(HashKey.clientAddress()), all);
        for (int i = 0; i < 50; i++) {
            String ip = "198.51.100." + i;
            FakeRequest request = FakeRequest.from(ip);
            assertThat(sticky.pick(request, all)).isSameAs(byAddress.pick(FakeRequest.from(ip), all));
            assertThat(request.addedResponseHeaders).isEmpty();
        }
    }

    @Test
    void onTheApplicationsCookieMovesASessionWhileItsBackendIsDownAndBringsItBack() {
        Algorithm sticky = added(Algorithm.stickyOnCookie("JSESSIONID"), all);
        FakeRequest request = FakeRequest.get().withCookie("JSESSIONID", "s-42");
        BackendState home = sticky.pick(request, all);
        List<BackendState> others = all.stream().filter(s -> s != home).toList();
        assertThat(sticky.pick(request, others)).isNotSameAs(home);
        assertThat(sticky.pick(request, all)).isSameAs(home);
    }

    @Test
    void refusesAnApplicationCookieNameThatIsNotAToken() {
        assertThatThrownBy(() -> Algorithm.stickyOnCookie("JSESSION ID"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("applicationCookieName: \"JSESSION ID\" (expected: ");
    }
}
