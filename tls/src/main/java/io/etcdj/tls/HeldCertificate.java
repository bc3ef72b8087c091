package io.etcdj.tls;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A certificate and the private key for it: what a TLS endpoint presents, or what a CA signs with.
 *
 * <p>Build one with {@link #builder()}; without {@link Builder#signedBy} the certificate is self-signed, which is
 * what a root CA is. Instances are immutable.
 */
public final class HeldCertificate {
    private final X509Certificate certificate;
    private final KeyPair keyPair;

    public HeldCertificate(X509Certificate certificate, KeyPair keyPair) {
        this.certificate = Objects.requireNonNull(certificate, "certificate");
        this.keyPair = Objects.requireNonNull(keyPair, "keyPair");
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads a certificate (the first in the file) and its unencrypted private key, in any form {@link PemFiles} reads,
     * for example a CA to sign with. Fails if the key does not belong to the certificate, since signing with it would
     * produce certificates nobody can verify.
     */
    public static HeldCertificate load(Path certificateFile, Path privateKeyFile) throws TlsConfigException {
        X509Certificate certificate =
                PemFiles.readCertificateChain(certificateFile).get(0);
        PrivateKey key = PemFiles.readPrivateKey(privateKeyFile);
        if (!KeyPairCheck.matches(certificate.getPublicKey(), key)) {
            throw new TlsConfigException(
                    PemFiles.KEY_FILE,
                    privateKeyFile,
                    "private key does not belong to the certificate in " + certificateFile);
        }
        return new HeldCertificate(certificate, new KeyPair(certificate.getPublicKey(), key));
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public KeyPair keyPair() {
        return keyPair;
    }

    /** The certificate as a {@code -----BEGIN CERTIFICATE-----} block. */
    public String certificatePem() {
        return PemWriter.certificate(certificate);
    }

    /** The private key as an unencrypted {@code -----BEGIN PRIVATE KEY-----} (PKCS#8) block. */
    public String privateKeyPkcs8Pem() {
        return PemWriter.privateKeyPkcs8(keyPair.getPrivate());
    }

    @Override
    public String toString() {
        return "HeldCertificate[" + certificate.getSubjectX500Principal().getName() + "]";
    }

    /** Collects what the certificate should say; {@link #build()} generates the key and signs. */
    public static final class Builder {
        private static final Duration DEFAULT_VALIDITY = Duration.ofDays(1);

        String commonName = UUID.randomUUID().toString();
        final List<String> ipAddresses = new ArrayList<>();
        final List<String> dnsNames = new ArrayList<>();
        Instant notBefore;
        Instant notAfter;
        int maxPathLength = -1;
        HeldCertificate issuer;
        boolean serverAuth;
        boolean clientAuth;
        KeyAlgorithm keyAlgorithm = KeyAlgorithm.ECDSA_P256;

        private Builder() {}

        /** The subject's CN. Only a label: clients match host names against the SANs, never against this. */
        public Builder commonName(String commonName) {
            this.commonName = Objects.requireNonNull(commonName, "commonName");
            return this;
        }

        /** Adds an IP address SAN, such as {@code 127.0.0.1} or {@code ::1}, for clients that dial by address. */
        public Builder addIpAddress(String ipAddress) {
            ipAddresses.add(SubjectAlternativeNames.requireIpLiteral(ipAddress));
            return this;
        }

        /** Adds a DNS name SAN, such as {@code localhost} or {@code *.example.com}. */
        public Builder addDnsName(String dnsName) {
            dnsNames.add(SubjectAlternativeNames.requireDnsName(dnsName));
            return this;
        }

        /** Valid from a minute ago (to tolerate small clock skew) for {@code duration}. */
        public Builder validFor(Duration duration) {
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("validity must be positive: " + duration);
            }
            Instant now = Instant.now();
            return validity(now.minus(Duration.ofMinutes(1)), now.plus(duration));
        }

        /** Exact validity bounds; tests use bounds in the past to mint expired certificates. */
        public Builder validity(Instant notBefore, Instant notAfter) {
            if (!notBefore.isBefore(notAfter)) {
                throw new IllegalArgumentException("notBefore " + notBefore + " is not before notAfter " + notAfter);
            }
            this.notBefore = notBefore;
            this.notAfter = notAfter;
            return this;
        }

        /**
         * Makes this a CA that may sign certificates. {@code maxPathLength} is how many intermediate CAs may sit below
         * it: 0 means it signs only leaf certificates.
         */
        public Builder certificateAuthority(int maxPathLength) {
            if (maxPathLength < 0) {
                throw new IllegalArgumentException("maxPathLength must be >= 0: " + maxPathLength);
            }
            this.maxPathLength = maxPathLength;
            return this;
        }

        /** Signs with {@code issuer}, which must be a CA; without this the certificate signs itself. */
        public Builder signedBy(HeldCertificate issuer) {
            if (issuer.certificate().getBasicConstraints() < 0) {
                throw new IllegalArgumentException(issuer + " is not a certificate authority");
            }
            this.issuer = issuer;
            return this;
        }

        /** Adds the {@code serverAuth} extended key usage: clients accept this certificate from a server. */
        public Builder serverAuth() {
            this.serverAuth = true;
            return this;
        }

        /** Adds the {@code clientAuth} extended key usage: servers accept this certificate from a client. */
        public Builder clientAuth() {
            this.clientAuth = true;
            return this;
        }

        /** An RSA key of 2048 or 4096 bits instead of the default ECDSA P-256. */
        public Builder rsa(int bits) {
            this.keyAlgorithm = KeyAlgorithm.rsa(bits);
            return this;
        }

        /** An ECDSA key on the P-256 curve (the default). */
        public Builder ecdsaP256() {
            this.keyAlgorithm = KeyAlgorithm.ECDSA_P256;
            return this;
        }

        public HeldCertificate build() {
            if (notBefore == null) {
                validFor(DEFAULT_VALIDITY);
            }
            KeyPair keyPair = keyAlgorithm.generate();
            return new HeldCertificate(CertificateSigner.sign(this, keyPair), keyPair);
        }
    }
}
