package io.etcdj.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.util.io.pem.PemGenerationException;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * PEM text for certificates and private keys.
 *
 * <p>Keys are always unencrypted PKCS#8 ({@code BEGIN PRIVATE KEY}). BouncyCastle's {@code JcaPEMWriter} would write
 * a JDK EC key as SEC1 without its curve OID, which no reader accepts, so keys go through {@link JcaPKCS8Generator}.
 */
public final class PemWriter {
    private PemWriter() {}

    public static String certificate(X509Certificate certificate) {
        return certificates(List.of(certificate));
    }

    /** Several certificates one after another, leaf first: the layout of a chain file such as server-chain.pem. */
    public static String certificates(List<X509Certificate> chain) {
        StringBuilder pem = new StringBuilder();
        for (X509Certificate certificate : chain) {
            try {
                pem.append(encode(new PemObject("CERTIFICATE", certificate.getEncoded())));
            } catch (CertificateEncodingException e) {
                throw new IllegalArgumentException("cannot encode " + certificate.getSubjectX500Principal(), e);
            }
        }
        return pem.toString();
    }

    public static String privateKeyPkcs8(PrivateKey key) {
        try {
            return encode(new JcaPKCS8Generator(key, null).generate());
        } catch (PemGenerationException e) {
            throw new IllegalArgumentException("cannot encode a " + key.getAlgorithm() + " key as PKCS#8", e);
        }
    }

    private static String encode(PemObject object) {
        StringWriter text = new StringWriter();
        try (var writer = new org.bouncycastle.util.io.pem.PemWriter(text)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return text.toString();
    }
}
