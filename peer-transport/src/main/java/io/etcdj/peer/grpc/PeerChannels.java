package io.etcdj.peer.grpc;

import io.grpc.Attributes;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Makes the outgoing channels of one transport: plaintext (HTTP/2 with prior knowledge) or mutual TLS, never a mix,
 * so the URL scheme of every peer is checked against the mode here.
 */
final class PeerChannels {
    /** Keepalive pings find a peer that vanished without closing its connection (power loss, partition). */
    private static final long KEEPALIVE_SECONDS = 10;

    private static final long KEEPALIVE_TIMEOUT_SECONDS = 5;

    private final GrpcTransportConfig config;
    private final ChannelCredentials credentials;

    PeerChannels(GrpcTransportConfig config) {
        this.config = config;
        this.credentials = config.tls().map(PeerChannels::tlsCredentials).orElse(InsecureChannelCredentials.create());
    }

    /**
     * The client presents the peer certificate and checks the server's against the peer CA, including the peer URL's
     * host or IP against the certificate's SANs: gRPC does that by default and nothing here turns it off, because a
     * certificate for some other member must not let its holder pose as this one. Protocol versions are not pinned
     * here (TlsChannelCredentials has no such knob): a peer's server offers only TLSv1.3 and TLSv1.2, so that is what
     * a connection between members negotiates.
     */
    private static ChannelCredentials tlsCredentials(PeerTls tls) {
        return TlsChannelCredentials.newBuilder()
                .keyManager(tls.keyManagers())
                .trustManager(tls.trustManagers())
                .build();
    }

    boolean tls() {
        return config.tls().isPresent();
    }

    /** @throws IllegalArgumentException if the URL is malformed or its scheme does not match this transport's mode */
    PeerAddress parse(String peerUrl) {
        return PeerAddress.parse(peerUrl, tls());
    }

    ManagedChannel open(PeerAddress address) {
        NettyChannelBuilder builder = NettyChannelBuilder.forTarget(address.target(), credentials)
                .maxInboundMessageSize(config.maxMessageBytes())
                .keepAliveTime(KEEPALIVE_SECONDS, TimeUnit.SECONDS)
                .keepAliveTimeout(KEEPALIVE_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .keepAliveWithoutCalls(false);
        config.sourceAddress().ifPresent(source -> builder.localSocketPicker(new FromAddress(source)));
        return builder.build();
    }

    /** Binds every outgoing connection to one local address, any free port. */
    private static final class FromAddress extends NettyChannelBuilder.LocalSocketPicker {
        private final InetAddress source;

        FromAddress(InetAddress source) {
            this.source = source;
        }

        @Override
        public SocketAddress createSocketAddress(SocketAddress remoteAddress, Attributes attrs) {
            return new InetSocketAddress(source, 0);
        }
    }
}
