package dev.multiserver.testkit;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds server binaries on the {@code PATH}. */
final class Executables {

    private Executables() {}

    /**
     * Returns the first executable named {@code name} in the directories of {@code searchPath}.
     *
     * @throws IllegalStateException naming the binary, the searched path and how to install it
     */
    static Path find(String name, String searchPath, String installHint) {
        return lookUp(name, searchPath).orElseThrow(() -> new IllegalStateException(
                name + " not found on PATH (" + searchPath + "); install it: " + installHint));
    }

    /** Like {@link #find(String, String, String)} on this process's {@code PATH}. */
    static Path find(String name, String installHint) {
        String path = System.getenv("PATH");
        return find(name, path == null ? "" : path, installHint);
    }

    private static Optional<Path> lookUp(String name, String searchPath) {
        for (String directory : searchPath.split(File.pathSeparator)) {
            if (directory.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(directory, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
