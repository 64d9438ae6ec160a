package dev.multiserver.cli.demo;

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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code multiserver demo …} as its own process, the way a user runs it: the shaded jar, which failsafe names once
 * it is packaged, or else (in an IDE) the test class path. Its output goes to files, so it never blocks on a full
 * pipe.
 */
record DemoProcess(Process process, Path stdout, Path stderr) implements AutoCloseable {

    private static final Pattern APPLICATION = Pattern.compile("application: http://localhost:(\\d+)/");
    private static final Pattern DASHBOARD = Pattern.compile("dashboard: +http://127\\.0\\.0\\.1:(\\d+)/");

    /** Starts {@code multiserver demo ARGS}, its output in {@code dir/demo.out} and {@code dir/demo.err}. */
    static DemoProcess start(Path dir, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-XX:+UseSerialGC"));
        String jar = System.getProperty("multiserver.cli.jar");
        if (jar != null) {
            assertThat(Path.of(jar)).as("the CLI jar (mvn package makes it)").isRegularFile();
            command.addAll(List.of("-jar", jar));
        } else {
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.multiserver.cli.Main"));
        }
        command.add("demo");
        command.addAll(args);
        Path out = dir.resolve("demo.out");
        Path err = dir.resolve("demo.err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        return new DemoProcess(process, out, err);
    }

    /** The application's port, once it printed it; fails at once, with its output, when it ended instead. */
    int applicationPort(Duration within) {
        return printed(APPLICATION, within);
    }

    /** The admin port it printed. */
    int adminPort() {
        return printed(DASHBOARD, Duration.ofSeconds(5));
    }

    String out() {
        return read(stdout);
    }

    String err() {
        return read(stderr);
    }

    /** SIGTERM, as Ctrl-C or a service manager would stop it; SIGKILL if it is still running after 30 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private int printed(Pattern line, Duration within) {
        return await("the demo to print " + line).atMost(within).until(() -> {
            Matcher m = line.matcher(out());
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            if (!process.isAlive()) {
                throw new AssertionError("demo exited with status " + process.exitValue() + ":\n" + out() + err());
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
