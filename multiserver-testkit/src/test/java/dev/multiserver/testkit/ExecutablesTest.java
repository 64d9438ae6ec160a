package dev.multiserver.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutablesTest {

    @Test
    void missingBinaryFailsWithTheInstallHint(@TempDir Path empty) {
        assertThatThrownBy(() -> Executables.find("redis-server", empty.toString(),
                        "sudo apt-get install -y redis-server"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("redis-server not found on PATH (" + empty
                        + "); install it: sudo apt-get install -y redis-server");
    }

    @Test
    void findsTheFirstExecutableOnThePath(@TempDir Path first, @TempDir Path second) throws Exception {
        Files.createFile(first.resolve("tool"));   // not executable: skipped
        Path tool = Files.createFile(second.resolve("tool"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));

        Path found = Executables.find("tool", first + File.pathSeparator + second, "hint");

        assertThat(found).isEqualTo(tool);
    }
}
