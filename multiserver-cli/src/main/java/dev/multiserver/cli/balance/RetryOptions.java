package dev.multiserver.cli.balance;

import dev.multiserver.cli.config.SizeConverter;
import picocli.CommandLine.Option;

/** {@code balance}'s flags for retrying a failed request on another backend. */
final class RetryOptions {

    @Option(names = "--retries", paramLabel = "N",
            description = "Attempts per request, the first included, each on a backend not tried yet; 1 turns "
                    + "retries off. Only when the failure left no doubt: no connection, or one broken before "
                    + "any response on an idempotent request. Default: 3.")
    private Integer maxAttempts;

    @Option(names = "--retry-budget", paramLabel = "RATIO",
            description = "Retries may add at most this share of requests (0-1), plus 10 a second. Default: 0.2.")
    private Double budget;

    @Option(names = "--retry-max-body", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "Largest request body held so its request can be retried once sent (at most 16MiB). "
                    + "Default: 64KiB.")
    private Integer maxBody;

    void applyTo(RetrySettings retries, Flags flags) {
        flags.part("--retries", maxAttempts, retries::maxAttempts);
        flags.part("--retry-budget", budget, retries::budget);
        flags.part("--retry-max-body", maxBody, retries::maxBody);
    }
}
