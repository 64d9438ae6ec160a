package dev.multiserver.cache;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The byte form of entries and variant indexes in a store. A leading format byte lets a later version tell its
 * own entries from older ones; anything it cannot read is a miss.
 */
final class EntryCodec {

    private static final byte ENTRY_V1 = 'E';
    private static final byte INDEX_V1 = 'I';
    /** DataOutput's modified UTF-8 limit; a longer header field makes the response unstorable. */
    static final int MAX_FIELD_LENGTH = 65_535 / 3;

    private EntryCodec() {
    }

    static boolean encodable(CacheHeaders headers) {
        for (var field : headers.entries()) {
            if (field.getKey().length() > MAX_FIELD_LENGTH || field.getValue().length() > MAX_FIELD_LENGTH) {
                return false;
            }
        }
        return true;
    }

    static byte[] encode(Entry entry) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(entry.body.length + 64 + 32 * entry.headers.size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(ENTRY_V1);
            out.writeShort(entry.status);
            out.writeLong(entry.requestTime);
            out.writeLong(entry.responseTime);
            out.writeLong(entry.heuristicMillis);
            out.writeInt(entry.headers.size());
            for (var field : entry.headers.entries()) {
                out.writeUTF(field.getKey());
                out.writeUTF(field.getValue());
            }
            out.writeInt(entry.body.length);
            out.write(entry.body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The entry, or null when the bytes are not one. */
    static Entry decodeEntry(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readByte() != ENTRY_V1) {
                return null;
            }
            int status = in.readShort();
            long requestTime = in.readLong();
            long responseTime = in.readLong();
            long heuristic = in.readLong();
            int count = in.readInt();
            if (count < 0 || count > bytes.length) {
                return null;
            }
            CacheHeaders.Builder headers = CacheHeaders.builder();
            for (int i = 0; i < count; i++) {
                headers.add(in.readUTF(), in.readUTF());
            }
            int length = in.readInt();
            if (length < 0 || length > in.available()) {
                return null;
            }
            byte[] body = in.readNBytes(length);
            return new Entry(status, headers.build(), body, requestTime, responseTime, heuristic);
        } catch (IOException | IllegalArgumentException notAnEntry) {
            return null;
        }
    }

    static byte[] encode(VariantIndex index) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(INDEX_V1);
            out.writeUTF(index.nonce());
            out.writeShort(index.varyNames().size());
            for (String name : index.varyNames()) {
                out.writeUTF(name);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The index, or null when the bytes are not one. */
    static VariantIndex decodeIndex(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readByte() != INDEX_V1) {
                return null;
            }
            String nonce = in.readUTF();
            int count = in.readShort();
            List<String> names = new ArrayList<>(Math.max(0, count));
            for (int i = 0; i < count; i++) {
                names.add(in.readUTF());
            }
            return new VariantIndex(nonce, List.copyOf(names));
        } catch (IOException | IllegalArgumentException notAnIndex) {
            return null;
        }
    }
}
