package io.etcdj.tls;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

/**
 * Reads PEM files: certificate chains, CA bundles, and private keys in the forms OpenSSL and Go write, namely
 * PKCS#8 ({@code BEGIN PRIVATE KEY}), PKCS#1 RSA ({@code BEGIN RSA PRIVATE KEY}) and SEC1 EC
 * ({@code BEGIN EC PRIVATE KEY}), each either unencrypted or encrypted with a passphrase.
 *
 * <p>Every failure is a {@link TlsConfigException} naming the file. Certificates and keys come out as JDK types;
 * the BouncyCastle provider is used only to decrypt keys (the JDK lacks OpenSSL's PEM ciphers) and is passed
 * explicitly, never installed globally. This is the project's one PEM reader: the server, etcdctl and certs-gen all
 * read through it, so they accept the same files. {@link PemWriter} is the other direction.
 */
public final class PemFiles {
    static final String CERTIFICATE_FILE = "certificate file";
    static final String KEY_FILE = "key file";
    static final String CA_FILE = "CA file";

    private PemFiles() {}

    /** The certificates of a {@code -cert-file}: the endpoint's own first, then any intermediates. */
    public static List<X509Certificate> readCertificateChain(Path file) throws TlsConfigException {
        return requireCertificates(CERTIFICATE_FILE, file);
    }

    /** Every certificate in a {@code -ca-file}; a file with none is an error, as it would trust nobody. */
    public static List<X509Certificate> readCaBundle(Path file) throws TlsConfigException {
        return requireCertificates(CA_FILE, file);
    }

    /**
     * Every certificate in a PEM file, in order, and possibly none (a key file, or a file without PEM blocks): for
     * tools that describe a file, such as {@code certs-gen inspect}. Loaders use the methods above, which insist.
     */
    public static List<X509Certificate> readCertificates(Path file) throws TlsConfigException {
        return certificatesIn(CERTIFICATE_FILE, file, readObjects(CERTIFICATE_FILE, file));
    }

    /** An unencrypted private key. */
    public static PrivateKey readPrivateKey(Path file) throws TlsConfigException {
        return readPrivateKey(file, null);
    }

    /**
     * A private key, decrypted with {@code passphrase} if the file is encrypted. The caller owns the array and may
     * clear it afterwards.
     */
    public static PrivateKey readPrivateKey(Path file, char[] passphrase) throws TlsConfigException {
        List<Object> objects = readPem(KEY_FILE, file);
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        for (Object object : objects) {
            try {
                if (object instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (object instanceof PEMKeyPair pair) {
                    return converter.getKeyPair(pair).getPrivate();
                }
                if (object instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
                    requirePassphrase(file, passphrase);
                    var decryptor = new JceOpenSSLPKCS8DecryptorProviderBuilder()
                            .setProvider(Bc.PROVIDER)
                            .build(passphrase);
                    return converter.getPrivateKey(encrypted.decryptPrivateKeyInfo(decryptor));
                }
                if (object instanceof PEMEncryptedKeyPair encrypted) {
                    requirePassphrase(file, passphrase);
                    var decryptor = new JcePEMDecryptorProviderBuilder()
                            .setProvider(Bc.PROVIDER)
                            .build(passphrase);
                    return converter
                            .getKeyPair(encrypted.decryptKeyPair(decryptor))
                            .getPrivate();
                }
            } catch (PKCSException | OperatorCreationException e) {
                throw new TlsConfigException(KEY_FILE, file, "cannot decrypt the key (wrong passphrase?)", e);
            } catch (IOException e) {
                // Also how BouncyCastle reports a wrong passphrase for OpenSSL's traditional encrypted format.
                throw new TlsConfigException(KEY_FILE, file, "unreadable private key: " + e.getMessage(), e);
            }
        }
        throw new TlsConfigException(KEY_FILE, file, "no private key in the PEM data");
    }

    private static void requirePassphrase(Path file, char[] passphrase) throws TlsConfigException {
        if (passphrase == null) {
            throw new TlsConfigException(KEY_FILE, file, "the key is encrypted and no passphrase was given");
        }
    }

    private static List<X509Certificate> requireCertificates(String role, Path file) throws TlsConfigException {
        List<X509Certificate> certificates = certificatesIn(role, file, readPem(role, file));
        if (certificates.isEmpty()) {
            throw new TlsConfigException(role, file, "no certificate in the PEM data");
        }
        return certificates;
    }

    private static List<X509Certificate> certificatesIn(String role, Path file, List<Object> objects)
            throws TlsConfigException {
        List<X509Certificate> certificates = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        for (Object object : objects) {
            if (object instanceof X509CertificateHolder holder) {
                try {
                    certificates.add(converter.getCertificate(holder));
                } catch (CertificateException e) {
                    throw new TlsConfigException(role, file, "unreadable certificate: " + e.getMessage(), e);
                }
            }
        }
        return List.copyOf(certificates);
    }

    /** Every PEM object in the file, in order; a file without a single PEM block is reported as "not PEM". */
    private static List<Object> readPem(String role, Path file) throws TlsConfigException {
        List<Object> objects = readObjects(role, file);
        if (objects.isEmpty()) {
            throw new TlsConfigException(role, file, "not PEM (no -----BEGIN ...----- block)");
        }
        return objects;
    }

    /** Every PEM object in the file, in order; none for a file without PEM blocks. */
    private static List<Object> readObjects(String role, Path file) throws TlsConfigException {
        List<Object> objects = new ArrayList<>();
        // ISO-8859-1 maps every byte, so a binary (DER) file reaches the parser and is reported as "not PEM".
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1);
                PEMParser parser = new PEMParser(reader)) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                objects.add(object);
            }
        } catch (NoSuchFileException e) {
            throw new TlsConfigException(role, file, "no such file", e);
        } catch (AccessDeniedException e) {
            throw new TlsConfigException(role, file, "unreadable (permission denied)", e);
        } catch (IOException e) {
            if (Files.isDirectory(file)) {
                throw new TlsConfigException(role, file, "unreadable (a directory, not a file)", e);
            }
            throw new TlsConfigException(role, file, "not valid PEM: " + e.getMessage(), e);
        }
        return objects;
    }

    /** Created on first use of an encrypted key only: most deployments never pay for it. */
    private static final class Bc {
        static final Provider PROVIDER = new BouncyCastleProvider();
    }
}
