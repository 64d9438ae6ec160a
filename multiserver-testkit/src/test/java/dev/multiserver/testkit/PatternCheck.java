package dev.multiserver.testkit;

import java.util.function.Consumer;

/** Checks, chunk by chunk, that a body is the test backend's byte pattern. */
final class PatternCheck implements Consumer<byte[]> {

    private long position;

    @Override
    public void accept(byte[] chunk) {
        for (byte b : chunk) {
            if (b != PatternBody.byteAt(position)) {
                throw new AssertionError("byte " + position + " is " + b + ", expected " + PatternBody.byteAt(position));
            }
            position++;
        }
    }

    /** How many bytes were checked. */
    long length() {
        return position;
    }
}
