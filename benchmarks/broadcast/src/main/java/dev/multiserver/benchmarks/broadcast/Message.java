package dev.multiserver.benchmarks.broadcast;

/** What the benchmark sends: "SEQUENCE SENT_NANOS", read back by the receivers in the same JVM (same clock). */
final class Message {

    private Message() {
    }

    static String of(long sequence) {
        return sequence + " " + System.nanoTime();
    }

    /** Nanoseconds since the message was made; -1 when the text is not one of ours. */
    static long age(CharSequence text) {
        String value = text.toString();
        int space = value.indexOf(' ');
        if (space < 0) {
            return -1;
        }
        try {
            return System.nanoTime() - Long.parseLong(value.substring(space + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
