package io.etcdj.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Turns a {@link HeldCertificate.Builder} into a signed X.509 v3 certificate. Uses only JDK crypto providers. */
final class CertificateSigner {
    private static final SecureRandom RANDOM = new SecureRandom();

    private CertificateSigner() {}

    static X509Certificate sign(HeldCertificate.Builder spec, KeyPair keyPair) {
        try {
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.CN, spec.commonName)
                    .build();
            boolean selfSigned = spec.issuer == null;
            // The issuer name is copied byte for byte from the CA certificate so that path building matches it.
            X500Name issuerName = selfSigned
                    ? subject
                    : X500Name.getInstance(
                            spec.issuer.certificate().getSubjectX500Principal().getEncoded());
            PrivateKey signingKey =
                    selfSigned ? keyPair.getPrivate() : spec.issuer.keyPair().getPrivate();

            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    issuerName,
                    serialNumber(),
                    Date.from(spec.notBefore),
                    Date.from(spec.notAfter),
                    subject,
                    keyPair.getPublic());
            addExtensions(builder, spec, keyPair, selfSigned);

            var signer = new JcaContentSignerBuilder(KeyAlgorithm.signatureAlgorithm(signingKey)).build(signingKey);
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            throw new IllegalStateException("cannot sign a certificate for " + spec.commonName, e);
        }
    }

    private static void addExtensions(
            X509v3CertificateBuilder builder, HeldCertificate.Builder spec, KeyPair keyPair, boolean selfSigned)
            throws GeneralSecurityException, CertIOException {
        boolean ca = spec.maxPathLength >= 0;
        builder.addExtension(
                Extension.basicConstraints,
                true,
                ca ? new BasicConstraints(spec.maxPathLength) : new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage(ca, keyPair)));

        List<KeyPurposeId> purposes = new ArrayList<>();
        if (spec.serverAuth) {
            purposes.add(KeyPurposeId.id_kp_serverAuth);
        }
        if (spec.clientAuth) {
            purposes.add(KeyPurposeId.id_kp_clientAuth);
        }
        if (!purposes.isEmpty()) {
            builder.addExtension(
                    Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes.toArray(KeyPurposeId[]::new)));
        }

        GeneralNames sans = SubjectAlternativeNames.encode(spec.ipAddresses, spec.dnsNames);
        if (sans != null) {
            builder.addExtension(Extension.subjectAlternativeName, false, sans);
        }

        // Key identifiers let verifiers pick the right CA when several share a name (for example after a CA rotation).
        JcaX509ExtensionUtils ids = new JcaX509ExtensionUtils();
        builder.addExtension(
                Extension.subjectKeyIdentifier, false, ids.createSubjectKeyIdentifier(keyPair.getPublic()));
        builder.addExtension(
                Extension.authorityKeyIdentifier,
                false,
                selfSigned
                        ? ids.createAuthorityKeyIdentifier(keyPair.getPublic())
                        : ids.createAuthorityKeyIdentifier(spec.issuer.certificate()));
    }

    private static int keyUsage(boolean ca, KeyPair keyPair) {
        if (ca) {
            return KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature;
        }
        // TLS 1.2's RSA key exchange encrypts the premaster secret to the server's key, hence keyEncipherment for RSA.
        return keyPair.getPublic() instanceof RSAKey
                ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment
                : KeyUsage.digitalSignature;
    }

    /** A random positive 159-bit serial: unique without state, and within RFC 5280's 20-octet limit. */
    private static BigInteger serialNumber() {
        return new BigInteger(159, RANDOM).setBit(158);
    }
}
