package io.etcdj.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every key form OpenSSL and Go write, plain and encrypted, and the errors for files that are not usable. */
class PemFilesTest {
    private static final char[] PASSPHRASE = "correct horse".toCharArray();
    private static final KeyPair EC = HeldCertificate.builder().build().keyPair();
    private static final KeyPair RSA =
            HeldCertificate.builder().rsa(2048).build().keyPair();

    @TempDir
    Path dir;

    private PrivateKey read(String pem) throws Exception {
        return PemFiles.readPrivateKey(Files.writeString(dir.resolve("key.pem"), pem));
    }

    private PrivateKey read(String pem, char[] passphrase) throws Exception {
        return PemFiles.readPrivateKey(Files.writeString(dir.resolve("key.pem"), pem), passphrase);
    }

    @Test
    void readsPkcs8EcAndRsa() throws Exception {
        assertArrayEquals(
                EC.getPrivate().getEncoded(),
                read(PemWriter.privateKeyPkcs8(EC.getPrivate())).getEncoded());
        assertArrayEquals(
                RSA.getPrivate().getEncoded(),
                read(PemWriter.privateKeyPkcs8(RSA.getPrivate())).getEncoded());
    }

    @Test
    void readsPkcs1Rsa() throws Exception {
        String pem = KeyFormats.pkcs1(RSA);
        assertTrue(pem.startsWith("-----BEGIN RSA PRIVATE KEY-----"), pem);
        assertTrue(KeyPairCheck.matches(RSA.getPublic(), read(pem)));
    }

    @Test
    void readsSec1Ec() throws Exception {
        String pem = KeyFormats.sec1(EC);
        assertTrue(pem.startsWith("-----BEGIN EC PRIVATE KEY-----"), pem);
        assertTrue(KeyPairCheck.matches(EC.getPublic(), read(pem)));
    }

    @Test
    void readsEncryptedPkcs8() throws Exception {
        String pem = KeyFormats.encryptedPkcs8(EC, PASSPHRASE);
        assertTrue(pem.startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"), pem);
        assertTrue(KeyPairCheck.matches(EC.getPublic(), read(pem, PASSPHRASE)));
    }

    @Test
    void readsEncryptedPkcs1AndSec1() throws Exception {
        String rsa = KeyFormats.encryptedTraditional(RSA, PASSPHRASE);
        assertTrue(rsa.contains("Proc-Type: 4,ENCRYPTED"), rsa);
        assertTrue(KeyPairCheck.matches(RSA.getPublic(), read(rsa, PASSPHRASE)));
        String ec = KeyFormats.encryptedTraditional(EC, PASSPHRASE);
        assertTrue(ec.startsWith("-----BEGIN EC PRIVATE KEY-----") && ec.contains("ENCRYPTED"), ec);
        assertTrue(KeyPairCheck.matches(EC.getPublic(), read(ec, PASSPHRASE)));
    }

    @Test
    void encryptedKeyWithoutOrWithWrongPassphraseNamesTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("secret.key"), KeyFormats.encryptedPkcs8(EC, PASSPHRASE));
        TlsConfigException none = assertThrows(TlsConfigException.class, () -> PemFiles.readPrivateKey(file));
        assertEquals("key file " + file + ": the key is encrypted and no passphrase was given", none.getMessage());
        TlsConfigException wrong =
                assertThrows(TlsConfigException.class, () -> PemFiles.readPrivateKey(file, "wrong".toCharArray()));
        assertTrue(wrong.getMessage().startsWith("key file " + file + ": cannot decrypt"), wrong.getMessage());

        Path traditional = Files.writeString(dir.resolve("old.key"), KeyFormats.encryptedTraditional(RSA, PASSPHRASE));
        TlsConfigException wrongOld = assertThrows(
                TlsConfigException.class, () -> PemFiles.readPrivateKey(traditional, "wrong".toCharArray()));
        assertTrue(wrongOld.getMessage().startsWith("key file " + traditional + ": "), wrongOld.getMessage());
    }

    @Test
    void readsChainsAndBundlesInOrder() throws Exception {
        HeldCertificate ca = HeldCertificate.builder().certificateAuthority(0).build();
        HeldCertificate leaf = HeldCertificate.builder().signedBy(ca).build();
        Path file = Files.writeString(
                dir.resolve("chain.pem"), PemWriter.certificates(List.of(leaf.certificate(), ca.certificate())));
        assertEquals(List.of(leaf.certificate(), ca.certificate()), PemFiles.readCertificateChain(file));
        assertEquals(List.of(leaf.certificate(), ca.certificate()), PemFiles.readCaBundle(file));
    }

    @Test
    void readsACertificateAndKeyCombinedInOneFile() throws Exception {
        HeldCertificate held = HeldCertificate.builder().build();
        Path file = Files.writeString(dir.resolve("both.pem"), held.certificatePem() + held.privateKeyPkcs8Pem());
        assertEquals(List.of(held.certificate()), PemFiles.readCertificateChain(file));
        assertArrayEquals(
                held.keyPair().getPrivate().getEncoded(),
                PemFiles.readPrivateKey(file).getEncoded());
    }
}
