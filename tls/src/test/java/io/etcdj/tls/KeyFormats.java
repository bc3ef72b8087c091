package io.etcdj.tls;

import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X962Parameters;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.MiscPEMGenerator;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.util.io.pem.PemObjectGenerator;

/**
 * The private-key PEM forms found in the wild, written from one key pair so the tests can read each back. Public
 * because etcdctl's tests use it too (through this module's test-jar).
 */
public final class KeyFormats {
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private KeyFormats() {}

    /** {@code BEGIN RSA PRIVATE KEY}: what JcaPEMWriter writes for a JDK RSA key (OpenSSL's -traditional). */
    public static String pkcs1(KeyPair rsa) throws Exception {
        return write(new JcaMiscPEMGenerator(rsa.getPrivate()));
    }

    /**
     * {@code BEGIN EC PRIVATE KEY} with the curve OID, as {@code openssl ecparam -genkey} writes it. Built by hand
     * because JcaPEMWriter leaves the OID out for JDK keys (the pitfall DESIGN.md warns about).
     */
    public static String sec1(KeyPair ec) throws Exception {
        return write(new MiscPEMGenerator(traditional(ec)));
    }

    private static org.bouncycastle.asn1.sec.ECPrivateKey sec1Der(KeyPair ec) {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(ec.getPrivate().getEncoded());
        X962Parameters curve =
                X962Parameters.getInstance(info.getPrivateKeyAlgorithm().getParameters());
        BigInteger d = ((ECPrivateKey) ec.getPrivate()).getS();
        DERBitString publicKey =
                new DERBitString(SubjectPublicKeyInfo.getInstance(ec.getPublic().getEncoded())
                        .getPublicKeyData()
                        .getBytes());
        return new org.bouncycastle.asn1.sec.ECPrivateKey(256, d, publicKey, curve);
    }

    /** {@code BEGIN ENCRYPTED PRIVATE KEY}: PKCS#8 under PBES2/AES-256-CBC. */
    public static String encryptedPkcs8(KeyPair pair, char[] passphrase) throws Exception {
        var encryptor = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                .setProvider(BC)
                .setPassword(passphrase)
                .build();
        return write(new JcaPKCS8Generator(pair.getPrivate(), encryptor));
    }

    /** OpenSSL's traditional encryption: {@code Proc-Type: 4,ENCRYPTED} headers over PKCS#1 or SEC1. */
    public static String encryptedTraditional(KeyPair pair, char[] passphrase) throws Exception {
        var encryptor =
                new JcePEMEncryptorBuilder("AES-128-CBC").setProvider(BC).build(passphrase);
        return write(new MiscPEMGenerator(traditional(pair), encryptor));
    }

    /** MiscPEMGenerator writes PKCS#1 for RSA and the inner structure as SEC1 for EC, so give EC its curve first. */
    private static PrivateKeyInfo traditional(KeyPair pair) throws Exception {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(pair.getPrivate().getEncoded());
        return pair.getPrivate() instanceof ECPrivateKey
                ? new PrivateKeyInfo(info.getPrivateKeyAlgorithm(), sec1Der(pair))
                : info;
    }

    private static String write(PemObjectGenerator generator) throws Exception {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(generator);
        }
        return text.toString();
    }
}
