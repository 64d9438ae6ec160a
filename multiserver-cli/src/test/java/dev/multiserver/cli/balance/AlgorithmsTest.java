package dev.multiserver.cli.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.multiserver.balancer.algorithm.Algorithm;
import dev.multiserver.balancer.algorithm.BackendState;
import dev.multiserver.balancer.algorithm.RequestContext;
import java.util.List;
import org.junit.jupiter.api.Test;

public class AlgorithmsTest {

    @Test
    void roundRobinIsBuiltIn() {
        assertThat(Algorithms.byName("round-robin")).hasToString("round-robin");
        assertThat(Algorithms.byName("least-latency")).hasToString("least-latency");
        assertThat(Algorithms.byName("least-connections")).hasToString("least-connections");
        assertThat(Algorithms.byName("sticky-session")).hasToString("sticky-session");
        assertThat(Algorithms.byName("consistent-hash")).hasToString("consistent-hash(client)");
    }

    @Test
    void hashKeysAreReadFromTheirShortForms() {
        assertThat(Algorithms.hashKey("header:X-User")).hasToString("header:X-User");
        assertThat(Algorithms.hashKey(" cookie: SESSION ")).hasToString("cookie:SESSION");
        assertThat(Algorithms.hashKey("client")).hasToString("client");
    }

    @Test
    void eachCallMakesANewInstance() {
        assertThat(Algorithms.byName("round-robin")).isNotSameAs(Algorithms.byName("round-robin"));
    }

    @Test
    void aClassNameIsInstantiated() {
        assertThat(Algorithms.byName(FirstCandidate.class.getName())).isInstanceOf(FirstCandidate.class);
    }

    @Test
    void anUnknownNameListsTheBuiltInOnes() {
        assertThatIllegalArgumentException().isThrownBy(() -> Algorithms.byName("fastest"))
                .withMessage("'fastest' is not a built-in algorithm (consistent-hash, least-connections, "
                        + "least-latency, round-robin, sticky-session) nor a class name");
    }

    @Test
    void aMissingClassIsNamed() {
        assertThatIllegalArgumentException().isThrownBy(() -> Algorithms.byName("com.example.Fastest"))
                .withMessage("class 'com.example.Fastest' is not on the class path (built-in: consistent-hash, "
                        + "least-connections, least-latency, round-robin, sticky-session)");
    }

    @Test
    void aClassThatIsNotAnAlgorithmIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> Algorithms.byName("java.lang.String"))
                .withMessage("class 'java.lang.String' does not implement dev.multiserver.balancer.algorithm.Algorithm");
    }

    @Test
    void aClassWithoutANoArgumentConstructorIsRefused() {
        String name = NeedsArgument.class.getName();

        assertThatIllegalArgumentException().isThrownBy(() -> Algorithms.byName(name))
                .withMessage("class '" + name + "' has no public no-argument constructor");
    }

    @Test
    void aConstructorThatFailsIsReported() {
        String name = FailsToConstruct.class.getName();

        assertThatIllegalArgumentException().isThrownBy(() -> Algorithms.byName(name))
                .withMessage("class '" + name + "' failed to construct: java.lang.IllegalStateException: no license");
    }

    /** Always the first candidate. */
    public static final class FirstCandidate implements Algorithm {
        @Override
        public BackendState pick(RequestContext request, List<BackendState> candidates) {
            return candidates.get(0);
        }
    }

    public static final class NeedsArgument implements Algorithm {
        public NeedsArgument(int ignored) {
        }

        @Override
        public BackendState pick(RequestContext request, List<BackendState> candidates) {
            return candidates.get(0);
        }
    }

    public static final class FailsToConstruct implements Algorithm {
        public FailsToConstruct() {
            throw new IllegalStateException("no license");
        }

        @Override
        public BackendState pick(RequestContext request, List<BackendState> candidates) {
            return candidates.get(0);
        }
    }
}
