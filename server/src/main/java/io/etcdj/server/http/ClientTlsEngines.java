package io.etcdj.server.http;

import io.etcdj.tls.CertificateReloader;
import io.etcdj.tls.TlsMaterial;
import io.grpc.netty.shaded.io.netty.buffer.ByteBufAllocator;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.OpenSsl;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which TLS implementation serves the client port: BoringSSL when its native library loads (the one grpc-netty-shaded
 * already ships for the peer client, through Netty's {@code SSLEngine}), else the JDK's. Measured on a 2-core EPYC,
 * one member, a new TLS 1.3 connection per request: the JDK 17 provider spends 2.2-3.1 ms of CPU per handshake (its
 * X25519 and P-256 arithmetic is plain Java), BoringSSL 0.74-0.91 ms, etcd 3.4 (Go) 0.47-0.50 ms. Every curl, every
 * etcdctl command and every client that does not reuse connections pays one; 256 clients connecting at once cost
 * the JDK 0.6-0.8 s of one core (a 611 ms write p99 in `bench/cluster` with HTTPS at 256 connections).
 *
 * <p>Both engines get the same material: the reloading key and trust managers (BoringSSL asks the key manager at
 * each handshake, so a rotated certificate is picked up as with the JDK), TLS 1.3 and 1.2 only, and a client
 * certificate required exactly when a CA file is given. {@code -Detcdj.tls.engine=jdk} (in {@code ETCDJ_JAVA_OPTS})
 * keeps the JDK's.
 */
final class ClientTlsEngines {
    private static final Logger LOG = LoggerFactory.getLogger(ClientTlsEngines.class);
    static final String ENGINE_PROPERTY = "etcdj.tls.engine";

    /**
     * The suites BoringSSL may use. TLS 1.2: forward-secret key exchange and authenticated encryption only (its own
     * default also enables the CBC-SHA1 ones Jetty excludes for the JDK). TLS 1.3's three are listed because Netty
     * turns TLS 1.3 off when the list has none of them.
     */
    static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private ClientTlsEngines() {}

    /** The JDK's engines, from a ready context. */
    static SslContextFactory.Server jdk(SSLContext context, boolean needClientAuth) {
        SslContextFactory.Server factory = new SslContextFactory.Server();
        factory.setSslContext(context);
        factory.setIncludeProtocols(TlsMaterial.PROTOCOLS.toArray(String[]::new));
        factory.setNeedClientAuth(needClientAuth);
        // Clients connect by IP as often as by name (the seed uses 127.0.0.1): no SNI host check.
        factory.setSniRequired(false);
        return factory;
    }

    /** BoringSSL's engines when available and not turned off, else the JDK's; says which in the log. */
    static SslContextFactory.Server preferNative(CertificateReloader tls, boolean needClientAuth) {
        String wanted = System.getProperty(ENGINE_PROPERTY, "native");
        if (wanted.equals("jdk")) {
            LOG.info("client port TLS: the JDK's engine (-D{}=jdk)", ENGINE_PROPERTY);
            return jdk(tls.sslContext(), needClientAuth);
        }
        if (!wanted.equals("native")) {
            LOG.warn("-D{}={} is neither native nor jdk; using native when available", ENGINE_PROPERTY, wanted);
        }
        if (!OpenSsl.isAvailable()) {
            LOG.info(
                    "client port TLS: the JDK's engine (BoringSSL did not load: {})",
                    String.valueOf(OpenSsl.unavailabilityCause()));
            return jdk(tls.sslContext(), needClientAuth);
        }
        try {
            SslContext context = SslContextBuilder.forServer(tls.keyManager())
                    .trustManager(tls.trustManager())
                    .clientAuth(needClientAuth ? ClientAuth.REQUIRE : ClientAuth.NONE)
                    .protocols(TlsMaterial.PROTOCOLS)
                    .ciphers(CIPHER_SUITES)
                    .sslProvider(SslProvider.OPENSSL)
                    .build();
            LOG.info(
                    "client port TLS: BoringSSL, native (grpc-netty-shaded's; -D{}=jdk for the JDK's)",
                    ENGINE_PROPERTY);
            return new NativeEngines(context, tls.sslContext(), needClientAuth);
        } catch (SSLException | RuntimeException e) {
            LOG.warn("client port TLS: the JDK's engine (BoringSSL refused the configuration: {})", e.toString());
            return jdk(tls.sslContext(), needClientAuth);
        }
    }

    /**
     * Jetty's factory handing out BoringSSL engines. Jetty still holds the JDK context (it checks at start that it
     * has one, and reads its protocol list); the engines never use it. They were configured when built (client
     * authentication, protocols), and the JDK's cipher-suite names are not for them, so Jetty's customizing is
     * narrowed to the mode.
     */
    private static final class NativeEngines extends SslContextFactory.Server {
        private final SslContext context;

        NativeEngines(SslContext context, SSLContext jdkContext, boolean needClientAuth) {
            this.context = context;
            setSslContext(jdkContext);
            setIncludeProtocols(TlsMaterial.PROTOCOLS.toArray(String[]::new));
            setNeedClientAuth(needClientAuth);
            setSniRequired(false);
        }

        @Override
        public SSLEngine newSSLEngine() {
            return context.newEngine(ByteBufAllocator.DEFAULT);
        }

        @Override
        public SSLEngine newSSLEngine(String host, int port) {
            return context.newEngine(ByteBufAllocator.DEFAULT, host, port);
        }

        @Override
        public void customize(SSLEngine engine) {
            engine.setUseClientMode(false);
        }

        /**
         * Jetty checks (and warns about weak suites of) an engine it makes from the JDK context: check ours. Netty's
         * engine lists the pseudo-protocol SSLv2Hello as enabled whatever it is told; BoringSSL has no SSLv2 code
         * at all, so it is left out of the check rather than warned about at every start.
         */
        @Override
        protected void checkConfiguration() {
            SSLParameters parameters = newSSLEngine().getSSLParameters();
            parameters.setProtocols(Arrays.stream(parameters.getProtocols())
                    .filter(p -> !p.equals("SSLv2Hello"))
                    .toArray(String[]::new));
            checkProtocols(parameters);
            checkCiphers(parameters);
        }
    }

    /** Whether the factory's engines want direct buffers (BoringSSL's do: heap buffers are copied at each call). */
    static boolean wantsDirectBuffers(SslContextFactory.Server factory) {
        return factory instanceof NativeEngines;
    }
}
