package dev.multiserver.benchmarks.broadcast;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Measures one contender and prints one {@code result ...} line of {@code key=value} pairs.
 *
 * <pre>{@code
 * java -jar multiserver-benchmarks-broadcast.jar --contender floor --channel redis://127.0.0.1:18311
 * java -jar multiserver-benchmarks-broadcast.jar --contender hub --channel redis://127.0.0.1:18311?mode=streams
 * }</pre>
 *
 * <p>Phases: prime (until one message crosses), warm-up at the rate (discarded), latency (RATE messages/s for
 * SECONDS, the age of every message at every receiver), burst (BURST messages back to back: how long until every
 * receiver has all of them). Exit status 2 for bad arguments, 3 when messages were lost or never arrived.
 */
public final class BroadcastBench {

    private static final Set<String> FLAGS = Set.of("--contender", "--channel", "--rate", "--seconds", "--warmup",
            "--receivers", "--burst");

    private BroadcastBench() {
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args;
        try {
            args = parse(List.of(argv));
        } catch (IllegalArgumentException e) {
            System.err.println("broadcast benchmark: " + e.getMessage());
            System.err.println("usage: --contender floor|hub --channel URI [--rate 1000] [--seconds 10] [--warmup 10]"
                    + " [--receivers 10] [--burst 20000]");
            System.exit(2);
            return;
        }
        String contender = args.get("--contender");
        String channel = args.get("--channel");
        int rate = positive(args, "--rate", 1000);
        int seconds = positive(args, "--seconds", 10);
        int warmup = positive(args, "--warmup", 10);
        int receivers = positive(args, "--receivers", 10);
        int burst = positive(args, "--burst", 20_000);
        boolean complete;
        try (Rig rig = contender.equals("floor") ? new FloorRig(channel) : new HubRig(channel, receivers)) {
            complete = measure(rig, rate, seconds, warmup, burst);
        }
        System.exit(complete ? 0 : 3);
    }

    private static boolean measure(Rig rig, int rate, int seconds, int warmup, int burst) throws Exception {
        Sender sender = rig.sender();
        long sequence = 0;
        // prime: the subscription path is up once one message crosses
        long primed = rig.delivered();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (rig.delivered() == primed) {
            if (System.nanoTime() > deadline) {
                System.out.println("result error=no-message-crossed-in-20s");
                return false;
            }
            sender.send(Message.of(sequence++));
            Thread.sleep(50);   // pacing the probes, not synchronization: the loop ends on what arrived
        }
        paced(sender, rate, warmup * rate, sequence);
        sequence += (long) warmup * rate;
        awaitQuiet(rig::delivered);

        long before = rig.delivered();
        rig.latencies().start();
        int count = seconds * rate;
        paced(sender, rate, count, sequence);
        sequence += count;
        boolean latencyComplete = awaitDelivered(rig, before + (long) count * rig.receivers());
        rig.latencies().stop();
        long latencyDelivered = rig.delivered() - before;

        before = rig.delivered();
        long start = System.nanoTime();
        for (int i = 0; i < burst; i++) {
            sender.send(Message.of(sequence++));
        }
        boolean burstComplete = awaitDelivered(rig, before + (long) burst * rig.receivers());
        double burstSeconds = (System.nanoTime() - start) / 1e9;
        long burstDelivered = rig.delivered() - before;

        LatencyLog log = rig.latencies();
        System.out.printf(Locale.ROOT, "result p50_ms=%.3f p99_ms=%.3f p999_ms=%.3f max_ms=%.3f latency_expected=%d "
                        + "latency_delivered=%d burst_expected=%d burst_delivered=%d burst_msgs_per_s=%.0f "
                        + "receivers=%d rate=%d%n",
                log.percentileMillis(50), log.percentileMillis(99), log.percentileMillis(99.9),
                log.percentileMillis(100), (long) count * rig.receivers(), latencyDelivered,
                (long) burst * rig.receivers(), burstDelivered, burst / burstSeconds, rig.receivers(), rate);
        return latencyComplete && burstComplete;
    }

    private static void paced(Sender sender, int rate, int count, long firstSequence) throws Exception {
        Pacer pacer = new Pacer(rate);
        for (int i = 0; i < count; i++) {
            pacer.awaitTurn(i);
            sender.send(Message.of(firstSequence + i));
        }
    }

    /** Waits until the count reaches the target, or stops growing for 5 s. */
    private static boolean awaitDelivered(Rig rig, long target) throws InterruptedException {
        long last = -1;
        long lastChange = System.nanoTime();
        while (true) {
            long now = rig.delivered();
            if (now >= target) {
                return true;
            }
            if (now != last) {
                last = now;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > Duration.ofSeconds(5).toNanos()) {
                return false;
            }
            Thread.sleep(5);   // polling a counter, not synchronization: the loop ends on what arrived
        }
    }

    /** Waits until the count has not moved for 200 ms: the warm-up's tail has arrived. */
    private static void awaitQuiet(LongSupplier delivered) throws InterruptedException {
        long last = delivered.getAsLong();
        long lastChange = System.nanoTime();
        while (System.nanoTime() - lastChange < Duration.ofMillis(200).toNanos()) {
            Thread.sleep(20);
            long now = delivered.getAsLong();
            if (now != last) {
                last = now;
                lastChange = System.nanoTime();
            }
        }
    }

    private static Map<String, String> parse(List<String> argv) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < argv.size(); i += 2) {
            String flag = argv.get(i);
            if (!FLAGS.contains(flag)) {
                throw new IllegalArgumentException("unknown argument '" + flag + "'");
            }
            if (i + 1 >= argv.size()) {
                throw new IllegalArgumentException(flag + ": missing value");
            }
            values.put(flag, argv.get(i + 1));
        }
        String contender = values.get("--contender");
        if (!"floor".equals(contender) && !"hub".equals(contender)) {
            throw new IllegalArgumentException("--contender: '" + contender + "' (expected: floor or hub)");
        }
        if (!values.containsKey("--channel")) {
            throw new IllegalArgumentException("--channel: missing");
        }
        if (contender.equals("floor") && !values.get("--channel").startsWith("redis://")) {
            throw new IllegalArgumentException("--channel: '" + values.get("--channel")
                    + "' (expected for the floor: redis://HOST:PORT)");
        }
        return values;
    }

    private static int positive(Map<String, String> args, String flag, int otherwise) {
        String value = args.get(flag);
        if (value == null) {
            return otherwise;
        }
        try {
            int number = Integer.parseInt(value);
            if (number > 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        System.err.println("broadcast benchmark: " + flag + ": '" + value + "' (expected: a number > 0)");
        System.exit(2);
        return otherwise;
    }
}
