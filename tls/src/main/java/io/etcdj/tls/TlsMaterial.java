package io.etcdj.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * One endpoint's TLS material, loaded and checked: its certificate chain and key, and the CAs it trusts. Immutable;
 * {@link CertificateReloader} swaps whole instances when the files change.
 */
public final class TlsMaterial {
    /** The only protocol versions offered: older ones have known weaknesses and no client etcdj cares about needs them. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /** PKCS#12 wants a password even for a store that never leaves memory; this one protects nothing. */
    private static final char[] IN_MEMORY_PASSWORD = "etcdj-in-memory".toCharArray();

    private static final String DEFAULT_ALIAS = "etcdj";

    private final TlsConfig config;
    private final List<X509Certificate> chain;
    private final List<X509Certificate> trusted;
    private final String alias;
    private final X509ExtendedKeyManager keyManager;
    private final X509ExtendedTrustManager trustManager;
    private final SSLContext sslContext;

    private TlsMaterial(
            TlsConfig config, List<X509Certificate> chain, PrivateKey key, List<X509Certificate> trusted, String alias)
            throws GeneralSecurityException {
        this.config = config;
        this.chain = List.copyOf(chain);
        this.trusted = List.copyOf(trusted);
        this.alias = alias;
        this.keyManager = keyManager(alias, chain, key);
        this.trustManager = trustManager(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(new KeyManager[] {keyManager}, new TrustManager[] {trustManager}, null);
        this.sslContext = ProtocolPinnedSslContext.wrap(context, PROTOCOLS);
    }

    /** Loads and checks the files of {@code config}; fails naming the first bad file. */
    public static TlsMaterial load(TlsConfig config) throws TlsConfigException {
        return load(config, DEFAULT_ALIAS);
    }

    /** {@link #load(TlsConfig)} with etcd's rule that a CA file means client certificates are required. */
    public static TlsMaterial load(Path certFile, Path keyFile, Path caFile) throws TlsConfigException {
        return load(TlsConfig.of(certFile, keyFile, caFile));
    }

    static TlsMaterial load(TlsConfig config, String alias) throws TlsConfigException {
        List<X509Certificate> chain = List.of();
        PrivateKey key = null;
        if (config.hasCertificate()) {
            chain = PemFiles.readCertificateChain(config.certFile());
            key = PemFiles.readPrivateKey(config.keyFile());
            X509Certificate leaf = chain.get(0);
            if (!KeyPairCheck.matches(leaf.getPublicKey(), key)) {
                throw new TlsConfigException(
                        PemFiles.KEY_FILE,
                        config.keyFile(),
                        "key does not match the certificate in " + config.certFile());
            }
            checkValidity(config.certFile(), leaf);
        }
        List<X509Certificate> trusted = config.caFile() == null ? List.of() : PemFiles.readCaBundle(config.caFile());
        try {
            return new TlsMaterial(config, chain, key, trusted, alias);
        } catch (GeneralSecurityException e) {
            Path blamed = config.hasCertificate() ? config.certFile() : config.caFile();
            throw new TlsConfigException(
                    config.hasCertificate() ? PemFiles.CERTIFICATE_FILE : PemFiles.CA_FILE,
                    blamed,
                    "the JDK rejects this material: " + e.getMessage(),
                    e);
        }
    }

    /** An expired certificate would let the node start and then fail every handshake; refuse it up front. */
    private static void checkValidity(Path file, X509Certificate leaf) throws TlsConfigException {
        try {
            leaf.checkValidity(new Date());
        } catch (CertificateExpiredException e) {
            throw new TlsConfigException(
                    PemFiles.CERTIFICATE_FILE,
                    file,
                    "expired certificate (not valid after " + leaf.getNotAfter().toInstant() + ")",
                    e);
        } catch (CertificateNotYetValidException e) {
            throw new TlsConfigException(
                    PemFiles.CERTIFICATE_FILE,
                    file,
                    "certificate not valid yet (not before "
                            + leaf.getNotBefore().toInstant() + ")",
                    e);
        }
    }

    /** Without a certificate the store stays empty, and the key manager simply offers no certificate. */
    private static X509ExtendedKeyManager keyManager(String alias, List<X509Certificate> chain, PrivateKey key)
            throws GeneralSecurityException {
        KeyStore store = emptyPkcs12();
        if (key != null) {
            store.setKeyEntry(alias, key, IN_MEMORY_PASSWORD, chain.toArray(X509Certificate[]::new));
        }
        // SunX509 keeps the alias as given, which lets the reloading key manager tell generations apart.
        KeyManagerFactory factory = KeyManagerFactory.getInstance("SunX509");
        factory.init(store, IN_MEMORY_PASSWORD);
        for (KeyManager manager : factory.getKeyManagers()) {
            if (manager instanceof X509ExtendedKeyManager extended) {
                return extended;
            }
        }
        throw new GeneralSecurityException("no X509ExtendedKeyManager from " + factory.getAlgorithm());
    }

    /** With no CA file, the JDK's default trust store (for clients talking to publicly certified servers). */
    private static X509ExtendedTrustManager trustManager(List<X509Certificate> trusted)
            throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        if (trusted.isEmpty()) {
            factory.init((KeyStore) null);
        } else {
            KeyStore store = emptyPkcs12();
            for (int i = 0; i < trusted.size(); i++) {
                store.setCertificateEntry("ca-" + i, trusted.get(i));
            }
            factory.init(store);
        }
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509ExtendedTrustManager extended) {
                return extended;
            }
        }
        throw new GeneralSecurityException("no X509ExtendedTrustManager from " + factory.getAlgorithm());
    }

    private static KeyStore emptyPkcs12() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot create an empty PKCS12 store", e);
        }
        return store;
    }

    public KeyManager[] keyManagers() {
        return new KeyManager[] {keyManager};
    }

    public TrustManager[] trustManagers() {
        return new TrustManager[] {trustManager};
    }

    public X509ExtendedKeyManager keyManager() {
        return keyManager;
    }

    public X509ExtendedTrustManager trustManager() {
        return trustManager;
    }

    /** An SSLContext whose sockets and engines offer only {@link #PROTOCOLS}. */
    public SSLContext sslContext() {
        return sslContext;
    }

    /** Protocols plus, for servers, the client-certificate demand of {@link TlsConfig#clientAuth()}. */
    public SSLParameters sslParameters() {
        return TlsParameters.forServer(config.clientAuth());
    }

    public TlsConfig config() {
        return config;
    }

    /** The endpoint's certificate first, then intermediates; empty for a trust-only client. */
    public List<X509Certificate> certificateChain() {
        return chain;
    }

    /** The CA certificates from the CA file; empty when the JDK's default trust store is used. */
    public List<X509Certificate> trustedCertificates() {
        return trusted;
    }

    String alias() {
        return alias;
    }
}
