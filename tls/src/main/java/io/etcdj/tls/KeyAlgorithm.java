package io.etcdj.tls;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.ECKey;
import java.security.spec.ECGenParameterSpec;

/** The key types {@link HeldCertificate} generates: ECDSA on P-256 (small and fast, the default) or RSA for older clients. */
enum KeyAlgorithm {
    ECDSA_P256("EC", 256),
    RSA_2048("RSA", 2048),
    RSA_4096("RSA", 4096);

    private final String jcaName;
    private final int bits;

    KeyAlgorithm(String jcaName, int bits) {
        this.jcaName = jcaName;
        this.bits = bits;
    }

    static KeyAlgorithm rsa(int bits) {
        return switch (bits) {
            case 2048 -> RSA_2048;
            case 4096 -> RSA_4096;
            default -> throw new IllegalArgumentException("RSA key size must be 2048 or 4096, not " + bits);
        };
    }

    KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(jcaName);
            if (this == ECDSA_P256) {
                generator.initialize(new ECGenParameterSpec("secp256r1"));
            } else {
                generator.initialize(bits);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate " + this + " keys", e);
        }
    }

    /** The signature an issuer with this private key makes; SHA-256 is what every TLS stack accepts. */
    static String signatureAlgorithm(PrivateKey issuerKey) {
        return issuerKey instanceof ECKey ? "SHA256withECDSA" : "SHA256withRSA";
    }
}
