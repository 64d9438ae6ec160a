package dev.multiserver.balancer.internal.worker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExitStatusTest {

    @Test
    void namesTheSignalOfAProcessKilledByOne() {
        assertThat(ExitStatus.describe(137)).isEqualTo("exited with status 137 (SIGKILL)");
        assertThat(ExitStatus.describe(143)).isEqualTo("exited with status 143 (SIGTERM)");
        assertThat(ExitStatus.describe(1)).isEqualTo("exited with status 1");
        assertThat(ExitStatus.describe(200)).isEqualTo("exited with status 200");
    }
}
