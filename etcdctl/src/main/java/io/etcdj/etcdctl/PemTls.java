package io.etcdj.etcdctl;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds an SSLContext from PEM files using only the JDK: X.509 certificates and an unencrypted PKCS#8
 * key ("BEGIN PRIVATE KEY", RSA or EC). Other key encodings get a clear error instead of a library.
 */
final class PemTls {
    private static final Pattern PKCS8 = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
    private static final char[] NO_PASSWORD = new char[0];

    private PemTls() {
    }

    /** Null when no TLS file was given (the JDK default context then serves https endpoints). */
    static SSLContext context(String caFile, String certFile, String keyFile) throws UsageException {
        if (caFile == null && certFile == null && keyFile == null) return null;
        if ((certFile == null) != (keyFile == null)) {
            throw new UsageException("--cert-file and --key-file must be given together");
        }
        try {
            TrustManagerFactory tmf = null;
            if (caFile != null) {
                KeyStore trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                int n = 0;
                for (Certificate c : certificates(caFile)) trust.setCertificateEntry("ca" + n++, c);
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
            }
            KeyManagerFactory kmf = null;
            if (certFile != null) {
                KeyStore identity = KeyStore.getInstance("PKCS12");
                identity.load(null, null);
                identity.setKeyEntry("client", privateKey(keyFile), NO_PASSWORD,
                        certificates(certFile).toArray(new Certificate[0]));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(identity, NO_PASSWORD);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new UsageException("cannot load TLS files: " + e.getMessage());
        }
    }

    private static java.util.Collection<? extends Certificate> certificates(String file)
            throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            var certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) throw new GeneralSecurityException(file + ": no PEM certificate found");
            return certs;
        }
    }

    private static PrivateKey privateKey(String file) throws IOException, GeneralSecurityException {
        Matcher m = PKCS8.matcher(Files.readString(Path.of(file)));
        if (!m.find()) {
            throw new GeneralSecurityException(file + ": only unencrypted PKCS#8 keys (BEGIN PRIVATE KEY) are supported;"
                    + " convert with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem");
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(m.group(1).trim()));
        for (String alg : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(spec);
            } catch (GeneralSecurityException tryNext) {
                // not this algorithm; the PKCS#8 header names it but the JDK wants it chosen up front
            }
        }
        throw new GeneralSecurityException(file + ": unsupported private key algorithm");
    }
}
