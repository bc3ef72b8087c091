package io.etcdj.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Client contexts for the negative tests. The JDK's own key managers politely withhold a certificate the server's
 * CA list does not cover, and TlsMaterial refuses expired ones; a hostile or misconfigured client does neither, so
 * this key manager presents its certificate no matter what, and the server's checks are what get tested.
 */
final class TestContexts {
    private TestContexts() {}

    static SSLContext alwaysPresenting(HeldCertificate held, TrustManager[] trust) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(new KeyManager[] {new AlwaysPresent(held)}, trust, null);
        return context;
    }

    private static final class AlwaysPresent extends X509ExtendedKeyManager {
        private final HeldCertificate held;

        AlwaysPresent(HeldCertificate held) {
            this.held = held;
        }

        @Override
        public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
            return "client";
        }

        @Override
        public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
            return "client";
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {"client"};
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return new X509Certificate[] {held.certificate()};
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return held.keyPair().getPrivate();
        }
    }
}
