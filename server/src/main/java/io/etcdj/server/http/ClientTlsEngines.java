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
 * Which TLS implementation serves the client port: the JDK's by default, or BoringSSL (the native library
 * grpc-netty-shaded already ships for the peer client, through Netty's {@code SSLEngine}) with
 * {@code -Detcdj.tls.engine=native} in {@code ETCDJ_JAVA_OPTS}. Each is better at one thing; measured on a 2-core
 * EPYC, one member, TLS 1.3, P-256 certificate, interleaved runs:
 *
 * <ul>
 *   <li>A new connection (wrk with {@code Connection: close}): the JDK 17 provider spends 3.4-5.4 ms of CPU per
 *       handshake (its X25519 and P-256 arithmetic is plain Java), 214-352 handshakes/s; BoringSSL 0.72-1.15 ms,
 *       977-1,347/s; etcd 3.4 (Go) 0.55 ms, 1,732/s. 256 clients connecting at once cost the JDK about a second of
 *       one core (a 611 ms write p99 in `bench/cluster` with HTTPS at 256 connections).
 *   <li>Requests on open connections (64 connections, keep-alive): BoringSSL costs more, through Netty's engine and
 *       its JNI calls: per GET 37-57 µs of server CPU against the JDK's 26-38 µs, per PUT 80-104 against 65-122
 *       (medians about +20 µs); its p99s were lower (GET 5-9 ms against 7-98 ms).
 * </ul>
 *
 * <p>Clients that keep their connections (the client libraries) are the common case, hence the default. A member
 * that serves many short connections (a {@code curl} or {@code etcdctl} per request, clients without keep-alive)
 * does better on BoringSSL. Both engines get the same material and rules: the reloading key and trust managers
 * (BoringSSL asks the key manager at each handshake, so a rotated certificate is picked up as with the JDK), TLS 1.3
 * and 1.2 only, AEAD suites only, and a client certificate required exactly when a CA file is given. When the native
 * library cannot load, the JDK's engine serves and the log says why.
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
        return withClientPortRules(new SslContextFactory.Server(), context, needClientAuth);
    }

    /** What Jetty is told of the client port's TLS, whichever engine serves it. */
    private static <F extends SslContextFactory.Server> F withClientPortRules(
            F factory, SSLContext jdkContext, boolean needClientAuth) {
        factory.setSslContext(jdkContext);
        factory.setIncludeProtocols(TlsMaterial.PROTOCOLS.toArray(String[]::new));
        factory.setNeedClientAuth(needClientAuth);
        // Clients connect by IP as often as by name (the seed uses 127.0.0.1): no SNI host check.
        factory.setSniRequired(false);
        return factory;
    }

    /** BoringSSL's engines when asked for ({@link #ENGINE_PROPERTY}) and available, else the JDK's; logs which. */
    static SslContextFactory.Server choose(CertificateReloader tls, boolean needClientAuth) {
        String wanted = System.getProperty(ENGINE_PROPERTY, "jdk");
        if (!wanted.equals("native")) {
            if (!wanted.equals("jdk")) {
                LOG.warn("-D{}={} is neither jdk nor native; using the JDK's engine", ENGINE_PROPERTY, wanted);
            }
            LOG.info("client port TLS: the JDK's engine (-D{}=native for BoringSSL)", ENGINE_PROPERTY);
            return jdk(tls.sslContext(), needClientAuth);
        }
        if (!OpenSsl.isAvailable()) {
            LOG.warn(
                    "client port TLS: the JDK's engine, not BoringSSL as -D{}=native asks (it did not load: {})",
                    ENGINE_PROPERTY,
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
            LOG.info("client port TLS: BoringSSL, native (grpc-netty-shaded's), as -D{}=native asks", ENGINE_PROPERTY);
            return withClientPortRules(new NativeEngines(context), tls.sslContext(), needClientAuth);
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

        NativeEngines(SslContext context) {
            this.context = context;
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
