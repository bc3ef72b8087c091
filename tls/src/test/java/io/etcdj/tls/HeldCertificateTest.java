package io.etcdj.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the builder puts into a certificate, checked with the JDK's own X509Certificate accessors. */
class HeldCertificateTest {
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    private final HeldCertificate ca = HeldCertificate.builder()
            .commonName("test CA")
            .certificateAuthority(0)
            .build();

    @Test
    void caIsSelfSignedWithPathLength() throws Exception {
        assertEquals("CN=test CA", ca.certificate().getSubjectX500Principal().getName());
        assertEquals(
                ca.certificate().getSubjectX500Principal(), ca.certificate().getIssuerX500Principal());
        assertEquals(0, ca.certificate().getBasicConstraints());
        assertTrue(ca.certificate().getKeyUsage()[5], "keyCertSign");
        ca.certificate().verify(ca.certificate().getPublicKey());
    }

    @Test
    void leafCarriesSansAndUsagesAndIsSignedByItsCa() throws Exception {
        HeldCertificate peer = HeldCertificate.builder()
                .commonName("machine0")
                .addIpAddress("127.0.0.1")
                .addIpAddress("::1")
                .addDnsName("localhost")
                .serverAuth()
                .clientAuth()
                .signedBy(ca)
                .build();
        var certificate = peer.certificate();
        certificate.verify(ca.certificate().getPublicKey());
        assertEquals(ca.certificate().getSubjectX500Principal(), certificate.getIssuerX500Principal());
        assertEquals(-1, certificate.getBasicConstraints());
        assertEquals(List.of(SERVER_AUTH, CLIENT_AUTH), certificate.getExtendedKeyUsage());
        assertEquals(
                List.of(List.of(7, "127.0.0.1"), List.of(7, "0:0:0:0:0:0:0:1"), List.of(2, "localhost")),
                List.copyOf(certificate.getSubjectAlternativeNames()));
        assertTrue(certificate.getKeyUsage()[0], "digitalSignature");
    }

    @Test
    void leafWithoutUsagesOrNamesHasNoSuchExtensions() throws Exception {
        var certificate = HeldCertificate.builder().signedBy(ca).build().certificate();
        assertNull(certificate.getExtendedKeyUsage());
        assertNull(certificate.getSubjectAlternativeNames());
    }

    @Test
    void validityIsExact() {
        Instant from = Instant.parse("2020-01-01T00:00:00Z");
        Instant to = Instant.parse("2020-01-02T00:00:00Z");
        var certificate = HeldCertificate.builder().validity(from, to).build().certificate();
        assertEquals(from, certificate.getNotBefore().toInstant());
        assertEquals(to, certificate.getNotAfter().toInstant());
    }

    @Test
    void validForStartsBeforeNow() {
        Instant before = Instant.now();
        var certificate =
                HeldCertificate.builder().validFor(Duration.ofDays(2)).build().certificate();
        assertTrue(certificate.getNotBefore().toInstant().isBefore(before));
        assertTrue(certificate
                .getNotAfter()
                .toInstant()
                .isAfter(before.plus(Duration.ofDays(2)).minusSeconds(5)));
    }

    @Test
    void rsaKeysOfBothSizesAndRsaCaSigningEcLeaf() throws Exception {
        HeldCertificate rsaCa =
                HeldCertificate.builder().rsa(4096).certificateAuthority(0).build();
        assertEquals(
                4096,
                ((RSAPublicKey) rsaCa.certificate().getPublicKey()).getModulus().bitLength());
        HeldCertificate leaf =
                HeldCertificate.builder().rsa(2048).signedBy(rsaCa).build();
        assertEquals(
                2048,
                ((RSAPublicKey) leaf.certificate().getPublicKey()).getModulus().bitLength());
        leaf.certificate().verify(rsaCa.certificate().getPublicKey());
        HeldCertificate ecLeaf = HeldCertificate.builder().signedBy(rsaCa).build();
        assertEquals("EC", ecLeaf.certificate().getPublicKey().getAlgorithm());
        ecLeaf.certificate().verify(rsaCa.certificate().getPublicKey());
        assertThrows(
                IllegalArgumentException.class, () -> HeldCertificate.builder().rsa(1024));
    }

    @Test
    void privateKeyPemIsPkcs8TheJdkReadsWithoutHelp() throws Exception {
        for (HeldCertificate held :
                List.of(ca, HeldCertificate.builder().rsa(2048).build())) {
            String pem = held.privateKeyPkcs8Pem();
            assertTrue(pem.startsWith("-----BEGIN PRIVATE KEY-----\n"), pem);
            String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            var key = KeyFactory.getInstance(held.keyPair().getPrivate().getAlgorithm())
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
            assertArrayEquals(held.keyPair().getPrivate().getEncoded(), key.getEncoded());
        }
        assertTrue(ca.certificatePem().startsWith("-----BEGIN CERTIFICATE-----\n"));
    }

    @Test
    void refusesNonsense() {
        assertThrows(
                IllegalArgumentException.class, () -> HeldCertificate.builder().addIpAddress("localhost"));
        assertThrows(
                IllegalArgumentException.class, () -> HeldCertificate.builder().addDnsName("bad name"));
        assertThrows(
                IllegalArgumentException.class, () -> HeldCertificate.builder().validFor(Duration.ZERO));
        HeldCertificate leaf = HeldCertificate.builder().build();
        assertThrows(
                IllegalArgumentException.class, () -> HeldCertificate.builder().signedBy(leaf));
    }
}
