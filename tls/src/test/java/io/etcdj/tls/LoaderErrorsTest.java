package io.etcdj.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a startup can be handed bad files: each error names the file and says what is wrong with it. */
class LoaderErrorsTest {
    @TempDir
    Path dir;

    Pki pki;

    @BeforeEach
    void mint() throws Exception {
        pki = new Pki(dir);
    }

    private static void assertFails(Path expectedFile, String expectedProblem, Loader loader) {
        TlsConfigException e = assertThrows(TlsConfigException.class, loader::load);
        assertEquals(expectedFile, e.file());
        assertTrue(e.getMessage().contains(expectedFile.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(expectedProblem), "expected '" + expectedProblem + "' in " + e.getMessage());
    }

    interface Loader {
        void load() throws Exception;
    }

    @Test
    void missingCertificateFile() {
        Path missing = dir.resolve("nope.crt");
        assertFails(
                missing,
                "certificate file " + missing + ": no such file",
                () -> TlsMaterial.load(missing, pki.key("server"), null));
    }

    @Test
    void missingKeyFile() {
        Path missing = dir.resolve("nope.key");
        assertFails(
                missing,
                "key file " + missing + ": no such file",
                () -> TlsMaterial.load(pki.crt("server"), missing, null));
    }

    @Test
    void missingCaFile() {
        Path missing = dir.resolve("nope-ca.crt");
        assertFails(
                missing,
                "CA file " + missing + ": no such file",
                () -> TlsMaterial.load(pki.crt("server"), pki.key("server"), missing));
    }

    @Test
    void unreadableFile() throws Exception {
        // Tests may run as root, which reads mode-000 files, so a directory stands in for a file that cannot be read.
        Path directory = Files.createDirectory(dir.resolve("server-dir.crt"));
        assertFails(directory, "unreadable", () -> TlsMaterial.load(directory, pki.key("server"), null));
    }

    @Test
    void notPem() throws Exception {
        Path der =
                Files.write(dir.resolve("server.der"), pki.server.certificate().getEncoded());
        assertFails(der, "not PEM", () -> TlsMaterial.load(der, pki.key("server"), null));
        Path text = Files.writeString(dir.resolve("notes.key"), "this is not a key\n");
        assertFails(text, "not PEM", () -> TlsMaterial.load(pki.crt("server"), text, null));
    }

    @Test
    void keyFileWithoutKey() {
        assertFails(pki.crt("ca"), "no private key", () -> TlsMaterial.load(pki.crt("server"), pki.crt("ca"), null));
    }

    @Test
    void keyDoesNotMatchCertificate() {
        assertFails(
                pki.key("client"),
                "key does not match the certificate in " + pki.crt("server"),
                () -> TlsMaterial.load(pki.crt("server"), pki.key("client"), null));
    }

    @Test
    void expiredCertificate() throws Exception {
        Instant now = Instant.now();
        HeldCertificate expired = Pki.leaf("old")
                .serverAuth()
                .signedBy(pki.ca)
                .validity(now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)))
                .build();
        Path crt = pki.write("old", expired);
        assertFails(crt, "expired certificate", () -> TlsMaterial.load(crt, pki.key("old"), null));
    }

    @Test
    void certificateNotValidYet() throws Exception {
        Instant now = Instant.now();
        HeldCertificate future = Pki.leaf("future")
                .serverAuth()
                .signedBy(pki.ca)
                .validity(now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)))
                .build();
        Path crt = pki.write("future", future);
        assertFails(crt, "not valid yet", () -> TlsMaterial.load(crt, pki.key("future"), null));
    }

    @Test
    void caFileWithNoCertificate() {
        assertFails(
                pki.key("ca"),
                "CA file " + pki.key("ca") + ": no certificate",
                () -> TlsMaterial.load(pki.crt("server"), pki.key("server"), pki.key("ca")));
    }

    @Test
    void emptyFile() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.crt"));
        assertFails(empty, "not PEM", () -> TlsMaterial.load(empty, pki.key("server"), null));
    }
}
