package dev.multiserver.balancer.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WorkersBuilderTest {

    @Test
    void hasDefaultsAUserCanRelyOn() {
        Workers workers = Workers.command("app --port {port}").build();

        assertThat(workers.count()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(workers.startTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(workers.stopGrace()).isEqualTo(Duration.ofSeconds(10));
        assertThat(workers.initialBackoff()).isEqualTo(Duration.ofMillis(500));
        assertThat(workers.maxBackoff()).isEqualTo(Duration.ofSeconds(30));
        assertThat(workers.crashLoopLimit()).isEqualTo(5);
        assertThat(workers.logDirectory()).isEmpty();
        assertThat(workers.command()).hasValue("app --port {port}");
        assertThat(workers.application()).isEmpty();
    }

    @Test
    void namesEachBadSetting() {
        WorkersBuilder b = Workers.command("app");
        assertThatThrownBy(() -> b.count(0)).hasMessage("workers: 0 (expected: 1-256)");
        assertThatThrownBy(() -> b.count(257)).hasMessage("workers: 257 (expected: 1-256)");
        assertThatThrownBy(() -> b.startTimeout(Duration.ZERO)).hasMessage("startTimeout: PT0S (expected: > 0)");
        assertThatThrownBy(() -> b.stopGrace(Duration.ofSeconds(-1))).hasMessage("stopGrace: PT-1S (expected: >= 0)");
        assertThatThrownBy(() -> b.backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessage("maxBackoff: PT1S (expected: >= initialBackoff PT2S)");
        assertThatThrownBy(() -> b.crashLoopLimit(0)).hasMessage("crashLoopLimit: 0 (expected: >= 1)");
        assertThatThrownBy(() -> b.environment("PORT", "1"))
                .hasMessage("environment: PORT is set by the balancer to each worker's port");
        assertThatThrownBy(() -> b.environment("MULTISERVER_WORKER_ID", "worker-9"))
                .hasMessage("environment: MULTISERVER_WORKER_ID is set by the balancer to each worker's id");
        assertThatThrownBy(() -> b.environment("A=B", "1"))
                .hasMessage("environment: 'A=B' (expected: a variable name without '=')");
    }

    @Test
    void refusesProcessSettingsForInProcessWorkers() {
        WorkersBuilder b = Workers.inProcess(port -> null);
        assertThatThrownBy(() -> b.logDirectory(Path.of("logs")))
                .hasMessage("logDirectory: only child-process workers have one (these are in-process)");
        assertThatThrownBy(() -> b.environment("A", "1"))
                .hasMessage("environment: only child-process workers have one (these are in-process)");
    }

    @Test
    void refusesABadlyQuotedCommandAtOnce() {
        assertThatThrownBy(() -> Workers.command("app 'x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unterminated '");
    }
}
