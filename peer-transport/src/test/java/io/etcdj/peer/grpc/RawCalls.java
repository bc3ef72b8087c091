package io.etcdj.peer.grpc;

import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The RaftPeer methods with hand-made byte-array marshallers: a client that sends whatever bytes a test wants
 * (an empty message, unknown enum numbers, garbage), as a broken or hostile peer would.
 */
final class RawCalls {
    private RawCalls() {}

    static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    /** The same method (name and kind) with raw bytes both ways. */
    static MethodDescriptor<byte[], byte[]> raw(MethodDescriptor<?, ?> typed) {
        return MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(typed.getType())
                .setFullMethodName(typed.getFullMethodName())
                .setRequestMarshaller(BYTES)
                .setResponseMarshaller(BYTES)
                .build();
    }
}
