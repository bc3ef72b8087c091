package io.etcdj.server.cluster;

import io.etcdj.peer.Member;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A member as a membership change carries it in its context bytes: the name and the two URLs, so that every member
 * that applies the change (now or when replaying the log) learns where the new one listens. The id is not written:
 * it is derived from the name ({@link Member#named}).
 *
 * <p>Logs on disk hold these bytes: format version 1 is a version byte, then name, peer URL and client URL, each as
 * {@link DataOutputStream#writeUTF}. A new layout gets a new version; version 1 must stay readable.
 */
final class MemberCodec {
    private static final int VERSION = 1;

    private MemberCodec() {}

    static byte[] encode(Member member) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeUTF(member.name());
            out.writeUTF(member.peerUrl());
            out.writeUTF(member.clientUrl());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** @throws IllegalArgumentException when the bytes are not a member record */
    static Member decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("unknown member record version " + version);
            }
            return Member.named(in.readUTF(), in.readUTF(), in.readUTF());
        } catch (IOException e) {
            throw new IllegalArgumentException("damaged member record: " + e.getMessage(), e);
        }
    }
}
