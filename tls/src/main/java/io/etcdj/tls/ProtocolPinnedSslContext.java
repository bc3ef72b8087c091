package io.etcdj.tls;

import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * An SSLContext whose every engine and socket has only the given protocols enabled. The JDK offers no setting for
 * this per context (only JVM-wide system properties), so this wraps an initialised context and narrows what it
 * creates. Jetty and Netty start from an engine's enabled protocols, so they inherit the restriction.
 */
final class ProtocolPinnedSslContext extends SSLContext {
    private ProtocolPinnedSslContext(SSLContext delegate, String[] protocols) {
        super(new Spi(delegate, protocols), delegate.getProvider(), delegate.getProtocol());
    }

    static SSLContext wrap(SSLContext initialised, List<String> protocols) {
        return new ProtocolPinnedSslContext(initialised, protocols.toArray(String[]::new));
    }

    /** The protocols of {@code supported} that are also in {@code allowed}, in {@code allowed}'s order. */
    static String[] narrow(String[] allowed, String[] supported) {
        List<String> available = Arrays.asList(supported);
        return Arrays.stream(allowed).filter(available::contains).toArray(String[]::new);
    }

    private static final class Spi extends SSLContextSpi {
        private final SSLContext delegate;
        private final String[] protocols;

        Spi(SSLContext delegate, String[] protocols) {
            this.delegate = delegate;
            this.protocols = protocols;
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random)
                throws KeyManagementException {
            throw new KeyManagementException("this SSLContext is already initialised from TLS material");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return new PinnedSocketFactory(delegate.getSocketFactory(), protocols);
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return new PinnedServerSocketFactory(delegate.getServerSocketFactory(), protocols);
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return pin(delegate.createSSLEngine());
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return pin(delegate.createSSLEngine(host, port));
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return delegate.getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return delegate.getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            return pin(delegate.getDefaultSSLParameters());
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return pin(delegate.getSupportedSSLParameters());
        }

        private SSLEngine pin(SSLEngine engine) {
            engine.setEnabledProtocols(narrow(protocols, engine.getSupportedProtocols()));
            return engine;
        }

        private SSLParameters pin(SSLParameters parameters) {
            parameters.setProtocols(narrow(protocols, parameters.getProtocols()));
            return parameters;
        }
    }
}
