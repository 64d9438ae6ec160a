package dev.multiserver.cli.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code multiserver balance …} as its own process, the way a user runs it: the shaded jar, which failsafe
 * names once it is packaged, or else (in an IDE) the test class path. Its output goes to files, so it never
 * blocks on a full pipe.
 */
record BalanceProcess(Process process, Path stdout, Path stderr) {

    static final Duration STARTUP = Duration.ofSeconds(60);

    /** Starts {@code multiserver balance ARGS}, its output in {@code dir/name.out} and {@code dir/name.err}. */
    static BalanceProcess start(Path dir, String name, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(cli());
        command.add("balance");
        command.addAll(args);
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        return new BalanceProcess(process, out, err);
    }

    private static List<String> cli() {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        String jar = System.getProperty("multiserver.cli.jar");
        if (jar != null) {
            assertThat(Path.of(jar)).as("the CLI jar (mvn package makes it)").isRegularFile();
            command.addAll(List.of("-jar", jar));
        } else {
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.multiserver.cli.Main"));
        }
        return command;
    }

    String out() {
        return read(stdout);
    }

    String err() {
        return read(stderr);
    }

    /** The port in the line it printed; fails at once, with its stderr, when it ended instead. */
    int port(Pattern line) {
        return await("the balancer to start").atMost(STARTUP).until(() -> {
            Matcher m = line.matcher(out());
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            if (!process.isAlive()) {
                throw new AssertionError("balance exited with status " + process.exitValue() + ":\n" + err());
            }
            return null;
        }, port -> port != null);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
