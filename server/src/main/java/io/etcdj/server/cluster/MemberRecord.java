package io.etcdj.server.cluster;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * A member as a membership change carries it in its context bytes: the name and the two URLs, so that every
 * member that applies the change (now or when replaying the log) learns where the new one listens.
 */
public record MemberRecord(String name, String peerUrl, String clientUrl) {
    private static final int VERSION = 1;

    public MemberRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(peerUrl, "peerUrl");
        Objects.requireNonNull(clientUrl, "clientUrl");
    }

    public long id() {
        return MemberIds.of(name);
    }

    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeUTF(name);
            out.writeUTF(peerUrl);
            out.writeUTF(clientUrl);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** @throws IllegalArgumentException when the bytes are not a member record */
    public static MemberRecord decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("unknown member record version " + version);
            }
            return new MemberRecord(in.readUTF(), in.readUTF(), in.readUTF());
        } catch (IOException e) {
            throw new IllegalArgumentException("damaged member record: " + e.getMessage(), e);
        }
    }
}
