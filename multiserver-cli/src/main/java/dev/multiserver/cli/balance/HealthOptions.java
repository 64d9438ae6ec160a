package dev.multiserver.cli.balance;

import dev.multiserver.cli.config.DurationConverter;
import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code balance}'s flags for active and passive health checking and slow start. */
final class HealthOptions {

    @Option(names = "--health-path", paramLabel = "PATH",
            description = "Check every backend with GET PATH (e.g. /health); a 2xx or 3xx answer in time "
                    + "passes. Turns active checks on. Default: off.")
    private String path;

    @Option(names = "--health-interval", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How often each backend is checked (needs --health-path). Default: 5s.")
    private Duration interval;

    @Option(names = "--health-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long a check may take before it fails (needs --health-path). Default: 2s.")
    private Duration timeout;

    @Option(names = "--health-rise", paramLabel = "N",
            description = "Passes in a row that bring a down backend back (needs --health-path). Default: 2.")
    private Integer rise;

    @Option(names = "--health-fall", paramLabel = "N",
            description = "Failures in a row that take a backend down (needs --health-path). Default: 3.")
    private Integer fall;

    @Option(names = "--eject-after", paramLabel = "N",
            description = "Take a backend out of rotation after N requests in a row failed on it (no "
                    + "connection, timeout or 5xx); 0 turns ejection off. Default: 5.")
    private Integer ejectAfter;

    @Option(names = "--eject-time", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long the first ejection lasts; it doubles while the backend keeps failing. "
                    + "Default: 10s.")
    private Duration ejectTime;

    @Option(names = "--max-eject-time", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "The longest an ejection lasts. Default: 5m.")
    private Duration maxEjectTime;

    @Option(names = "--slow-start", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Ramp a new or recovered backend up to its full share of requests over this long "
                    + "(at most 1h). Default: 0s (no ramp).")
    private Duration slowStart;

    void applyTo(BalanceSettings settings, Flags flags) {
        HealthSettings health = settings.health();
        flags.part("--health-path", path, health::path);
        flags.part("--health-interval", interval, health::interval);
        flags.part("--health-timeout", timeout, health::timeout);
        flags.part("--health-rise", rise, health::rise);
        flags.part("--health-fall", fall, health::fall);
        PassiveHealthSettings passive = settings.passiveHealth();
        flags.part("--eject-after", ejectAfter, passive::consecutiveFailures);
        flags.part("--eject-time", ejectTime, passive::ejectionTime);
        flags.part("--max-eject-time", maxEjectTime, passive::maxEjectionTime);
        flags.part("--slow-start", slowStart, settings::slowStart);
    }
}
