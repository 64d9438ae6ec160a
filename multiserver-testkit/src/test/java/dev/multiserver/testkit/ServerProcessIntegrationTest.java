package dev.multiserver.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ServerProcessIntegrationTest {

    private static final ReadinessProbe NEVER = new ReadinessProbe("ping\r\n", "pong", "pid %d");

    @Test
    void failsWithTheOutputOfAServerThatExitsBeforeAnswering() {
        ServerProcess process = new ServerProcess("sh", "sudo apt-get install -y dash",
                (port, directory) -> List.of("-c", "echo cannot start on port " + port + " >&2; exit 3"), NEVER);

        assertThatThrownBy(process::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("sh exited with status 3 before answering on 127.0.0.1:" + process.port())
                .hasMessageContaining("cannot start on port " + process.port());
        assertThat(process.isRunning()).isFalse();
    }

    @Test
    void failsWithAnInstallHintWhenTheBinaryIsMissing() {
        ServerProcess process = new ServerProcess("no-such-server-binary", "sudo apt-get install -y no-such",
                (port, directory) -> List.of(), NEVER);

        assertThatThrownBy(process::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("no-such-server-binary not found on PATH")
                .hasMessageEndingWith("install it: sudo apt-get install -y no-such");
    }
}
