package dev.multiserver.balancer.algorithm;

import static dev.multiserver.balancer.algorithm.TestBackends.state;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsistentHashAlgorithmTest {

    private static final int KEYS = 10_000;

    private final List<BackendState> five = new ArrayList<>(List.of(state("10.0.0.1"), state("10.0.0.2"),
            state("10.0.0.3"), state("10.0.0.4"), state("10.0.0.5")));
    private final Algorithm algorithm = Algorithm.consistentHash(HashKey.header("X-User"));

    private BackendState pick(String user, List<BackendState> candidates) {
        return algorithm.pick(FakeRequest.get().withHeader("X-User", user), candidates);
    }

    /** Which backend each of {@link #KEYS} users goes to. */
    private Map<String, BackendState> placement(List<BackendState> candidates) {
        Map<String, BackendState> placement = new HashMap<>();
        for (int i = 0; i < KEYS; i++) {
            placement.put("user-" + i, pick("user-" + i, candidates));
        }
        return placement;
    }

    @Test
    void spreadsKeysEvenlyOverEqualBackends() {
        five.forEach(algorithm::onBackendAdded);
        Map<BackendState, Integer> counts = new HashMap<>();
        placement(five).values().forEach(backend -> counts.merge(backend, 1, Integer::sum));
        assertThat(counts).hasSize(5);
        // Even is 2000 each; within ±20%.
        assertThat(counts.values()).allSatisfy(count -> assertThat(count).isBetween(1600, 2400));
    }

    @Test
    void aBackendThatJoinsTakesAboutItsShareOfKeysAndOnlyKeysMoveToIt() {
        five.forEach(algorithm::onBackendAdded);
        Map<String, BackendState> before = placement(five);
        BackendState sixth = state("10.0.0.6");
        algorithm.onBackendAdded(sixth);
        List<BackendState> six = new ArrayList<>(five);
        six.add(sixth);
        Map<String, BackendState> after = placement(six);

        long moved = before.keySet().stream().filter(key -> before.get(key) != after.get(key)).count();
        assertThat(moved).isBetween((long) (0.5 / 6 * KEYS), (long) (1.5 / 6 * KEYS));
        before.forEach((key, was) -> {
            if (after.get(key) != was) {
                assertThat(after.get(key)).as(key).isSameAs(sixth);
            }
        });
    }

    @Test
    void aBackendThatLeavesGivesUpOnlyTheKeysItOwned() {
        five.forEach(algorithm::onBackendAdded);
        Map<String, BackendState> before = placement(five);
        BackendState leaving = five.remove(2);
        algorithm.onBackendRemoved(leaving);
        Map<String, BackendState> after = placement(five);

        before.forEach((key, was) -> {
            if (was == leaving) {
                assertThat(after.get(key)).as(key).isNotSameAs(leaving);
            } else {
                assertThat(after.get(key)).as(key).isSameAs(was);
            }
        });
    }

    @Test
    void aKeyWhoseBackendIsNotACandidateMovesAndComesBack() {
        five.forEach(algorithm::onBackendAdded);
        BackendState home = pick("ann", five);
        List<BackendState> withoutHome = five.stream().filter(backend -> backend != home).toList();
        assertThat(pick("ann", withoutHome)).isIn(withoutHome);
        assertThat(pick("ann", five)).isSameAs(home);
    }

    @Test
    void sendsTheSameKeyToTheSameBackendOnEveryBalancer() {
        List<BackendState> elsewhere = List.of(state("10.0.0.5"), state("10.0.0.4"), state("10.0.0.3"),
                state("10.0.0.2"), state("10.0.0.1"));
        Algorithm other = Algorithm.consistentHash(HashKey.header("X-User"));
        five.forEach(algorithm::onBackendAdded);
        elsewhere.forEach(other::onBackendAdded);
        for (int i = 0; i < 500; i++) {
            FakeRequest request = FakeRequest.get().withHeader("X-User", "user-" + i);
            assertThat(other.pick(request, elsewhere).id()).isEqualTo(algorithm.pick(request, five).id());
        }
    }

    @Test
    void worksWithoutBeingToldOfTheBackends() {
        Algorithm told = Algorithm.consistentHash(HashKey.header("X-User"));
        five.forEach(told::onBackendAdded);
        for (int i = 0; i < 500; i++) {
            FakeRequest request = FakeRequest.get().withHeader("X-User", "user-" + i);
            assertThat(algorithm.pick(request, five)).isSameAs(told.pick(request, five));
        }
    }

    @Test
    void givesAHeavierBackendProportionallyMoreKeys() {
        BackendState heavy = state("10.0.0.9", 3);
        List<BackendState> backends = List.of(five.get(0), heavy);
        Map<BackendState, Integer> counts = new HashMap<>();
        placement(backends).values().forEach(backend -> counts.merge(backend, 1, Integer::sum));
        assertThat(counts.get(heavy)).isBetween(6_500, 8_500);
    }

    @Test
    void hashesTheClientAddressWhenTheHeaderIsMissingOrEmpty() {
        Algorithm byAddress = Algorithm.consistentHash(HashKey.clientAddress());
        for (int i = 0; i < 100; i++) {
            String ip = "198.51.100." + i;
            BackendState expected = byAddress.pick(FakeRequest.from(ip), five);
            assertThat(algorithm.pick(FakeRequest.from(ip), five)).isSameAs(expected);
            assertThat(algorithm.pick(FakeRequest.from(ip).withHeader("X-User", ""), five)).isSameAs(expected);
        }
    }

    @Test
    void ignoresTheClientAddressWhenTheHeaderIsThere() {
        BackendState home = algorithm.pick(FakeRequest.from("198.51.100.1").withHeader("x-user", "ann"), five);
        for (int i = 0; i < 100; i++) {
            assertThat(algorithm.pick(FakeRequest.from("203.0.113." + i).withHeader("X-User", "ann"), five))
                    .isSameAs(home);
        }
    }

    @Test
    void hashesACookieWhenToldTo() {
        Algorithm byCookie = Algorithm.consistentHash(HashKey.cookie("cart"));
        BackendState home = byCookie.pick(FakeRequest.from("198.51.100.1").withCookie("cart", "c-7"), five);
        for (int i = 0; i < 100; i++) {
            assertThat(byCookie.pick(FakeRequest.from("203.0.113." + i).withCookie("cart", "c-7"), five))
                    .isSameAs(home);
        }
    }

    @Test
    void isNamedForItsKey() {
        assertThat(algorithm).hasToString("consistent-hash(header:X-User)");
        assertThat(Algorithm.consistentHash(HashKey.cookie("cart"))).hasToString("consistent-hash(cookie:cart)");
        assertThat(Algorithm.consistentHash(HashKey.clientAddress())).hasToString("consistent-hash(client)");
    }
}
