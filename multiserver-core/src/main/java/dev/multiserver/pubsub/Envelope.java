package dev.multiserver.pubsub;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * One cluster-wide WebSocket message as it travels on an {@link EventChannel}: who sent it (the node and its
 * sequence number, so that a node can drop its own messages and a duplicate replay, and keep each publisher's
 * order), where it goes (a room, one connection, or the cluster's presence bookkeeping) and the text or binary
 * payload.
 *
 * <pre>{@code
 * Envelope message = Envelope.text("node-a", 17, Envelope.Scope.ROOM, "lobby", "hello");
 * byte[] wire = message.toBytes();
 * Envelope back = Envelope.fromBytes(wire);    // equal fields
 * }</pre>
 *
 * <p>The wire form is binary and versioned: {@code 'M' 'E'}, version 1, scope, flags, origin, sequence, address,
 * payload length and bytes. Reading anything else fails with an {@link IllegalArgumentException} that says what was
 * wrong, never with a partial envelope.
 *
 * @param origin   the publishing node's id, 1 to 200 characters
 * @param sequence the publisher's message counter, growing by one per message it sends
 * @param scope    what {@code address} names
 * @param address  the room, the connection id, or empty for {@link Scope#PRESENCE}
 * @param binary   whether the payload is a binary WebSocket message (else UTF-8 text)
 * @param payload  the message, at most {@link EventChannel#MAX_PAYLOAD_BYTES} minus this header
 */
public record Envelope(String origin, long sequence, Scope scope, String address, boolean binary, byte[] payload) {

    /** What an envelope's address names. */
    public enum Scope {
        /** Every member of the room named by the address, on every node. */
        ROOM,
        /** The one connection whose id is the address, wherever it is. */
        CONNECTION,
        /** A node's own counts, for the cluster-wide (approximate) member counts; the payload is the node's data. */
        PRESENCE
    }

    private static final byte MAGIC_1 = 'M';
    private static final byte MAGIC_2 = 'E';
    private static final byte VERSION = 1;
    private static final int FLAG_BINARY = 1;
    private static final int MAX_NAME_CHARS = 200;

    public Envelope {
        requireNonNull(origin, "origin");
        requireNonNull(scope, "scope");
        requireNonNull(address, "address");
        requireNonNull(payload, "payload");
        if (origin.isEmpty() || origin.length() > MAX_NAME_CHARS) {
            throw new IllegalArgumentException("origin: " + origin.length() + " characters (expected: 1 to "
                    + MAX_NAME_CHARS + ")");
        }
        if (address.length() > MAX_NAME_CHARS) {
            throw new IllegalArgumentException("address: " + address.length() + " characters (expected: at most "
                    + MAX_NAME_CHARS + ")");
        }
        if (scope != Scope.PRESENCE && address.isEmpty()) {
            throw new IllegalArgumentException("address: empty (expected: a room or connection id for " + scope + ")");
        }
        if (payload.length > EventChannel.MAX_PAYLOAD_BYTES - 1024) {
            throw new IllegalArgumentException("payload: " + payload.length + " bytes (expected: at most "
                    + (EventChannel.MAX_PAYLOAD_BYTES - 1024) + ")");
        }
    }

    /** A text message. */
    public static Envelope text(String origin, long sequence, Scope scope, String address, String text) {
        return new Envelope(origin, sequence, scope, address, false, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A binary message. */
    public static Envelope binary(String origin, long sequence, Scope scope, String address, byte[] payload) {
        return new Envelope(origin, sequence, scope, address, true, payload);
    }

    /** The payload as text (for a text message). */
    public String text() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    /** The wire form, for {@link EventChannel#publish}. */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(payload.length + 64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(MAGIC_1);
            out.writeByte(MAGIC_2);
            out.writeByte(VERSION);
            out.writeByte(scope.ordinal());
            out.writeByte(binary ? FLAG_BINARY : 0);
            out.writeUTF(origin);
            out.writeLong(sequence);
            out.writeUTF(address);
            out.writeInt(payload.length);
            out.write(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);   // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    /**
     * Reads the wire form.
     *
     * @throws IllegalArgumentException when the bytes are not an envelope of this version, or are cut short
     */
    public static Envelope fromBytes(byte[] wire) {
        requireNonNull(wire, "wire");
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(wire));
        try {
            if (in.readByte() != MAGIC_1 || in.readByte() != MAGIC_2) {
                throw new IllegalArgumentException("envelope: not a multiserver envelope (" + wire.length + " bytes)");
            }
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("envelope: version " + version + " (expected: " + VERSION + ")");
            }
            int scopeIndex = in.readUnsignedByte();
            if (scopeIndex >= Scope.values().length) {
                throw new IllegalArgumentException("envelope: unknown scope " + scopeIndex);
            }
            int flags = in.readUnsignedByte();
            String origin = in.readUTF();
            long sequence = in.readLong();
            String address = in.readUTF();
            int length = in.readInt();
            if (length < 0 || length != in.available()) {
                throw new IllegalArgumentException("envelope: payload of " + length + " bytes announced, "
                        + in.available() + " present");
            }
            byte[] payload = in.readNBytes(length);
            return new Envelope(origin, sequence, Scope.values()[scopeIndex], address, (flags & FLAG_BINARY) != 0,
                    payload);
        } catch (EOFException e) {
            throw new IllegalArgumentException("envelope: cut short (" + wire.length + " bytes)", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("envelope: unreadable: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Envelope e && origin.equals(e.origin) && sequence == e.sequence && scope == e.scope
                && address.equals(e.address) && binary == e.binary && java.util.Arrays.equals(payload, e.payload);
    }

    @Override
    public int hashCode() {
        return ((origin.hashCode() * 31 + Long.hashCode(sequence)) * 31 + address.hashCode()) * 31
                + java.util.Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "Envelope[" + origin + "#" + sequence + " " + scope + " '" + address + "' "
                + (binary ? "binary " : "text ") + payload.length + " bytes]";
    }
}
