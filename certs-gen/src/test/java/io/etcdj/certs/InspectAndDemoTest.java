package io.etcdj.certs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.etcdj.tls.HeldCertificate;
import io.etcdj.tls.PemFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code inspect} output, and the README's fixtures/ca set checked by the JDK and, where installed, OpenSSL. */
class InspectAndDemoTest {
    @TempDir
    Path dir;

    private Path demo() {
        Path out = dir.resolve("fixtures/ca");
        Cli cli = Cli.run("demo", out.toString());
        assertEquals(0, cli.status(), cli.err());
        return out;
    }

    @Test
    void inspectPrintsWhatDecidesAHandshake() {
        Path fixtures = demo();
        Cli cli = Cli.run("inspect", fixtures.resolve("server2.crt").toString());
        assertEquals(0, cli.status(), cli.err());
        String out = cli.out();
        assertTrue(out.contains("subject:       CN=server2\n"), out);
        assertTrue(out.contains("issuer:        CN=etcdj demo CA\n"), out);
        assertTrue(out.contains("SANs:          IP:127.0.0.1, DNS:localhost\n"), out);
        assertTrue(out.contains("key usage:     digitalSignature\n"), out);
        assertTrue(out.contains("ext key usage: serverAuth, clientAuth\n"), out);
        assertTrue(out.contains("(valid, expires in 36"), out);
        assertTrue(out.contains("key:           EC 256 bits\n"), out);
        assertTrue(out.contains("CA:            no\n"), out);
    }

    @Test
    void inspectShowsEveryCertificateOfAChain() {
        Cli cli = Cli.run("inspect", demo().resolve("server-chain.pem").toString());
        assertTrue(cli.out().startsWith("certificate 1 of 2\nsubject:       CN=server\n"), cli.out());
        assertTrue(cli.out().contains("\n\ncertificate 2 of 2\nsubject:       CN=etcdj demo CA\n"), cli.out());
        assertTrue(cli.out().contains("CA:            yes, at most 0 intermediate CAs below it\n"), cli.out());
    }

    @Test
    void inspectOfAKeyFileSaysThereIsNoCertificate() {
        Path key = demo().resolve("ca.key");
        CertsGenMainTest.assertOneLineError(
                1,
                "certs-gen: inspect: " + key + ": no PEM certificate in the file",
                Cli.run("inspect", key.toString()));
    }

    @Test
    void demoWritesTheReadmeFileNamesWithKeysPrivate() throws Exception {
        Path fixtures = demo();
        for (String name : DemoCommand.FILES) {
            String mode = name.contains("key") ? "rw-------" : "rw-r--r--";
            assertEquals(
                    mode, PosixFilePermissions.toString(Files.getPosixFilePermissions(fixtures.resolve(name))), name);
        }
        Cli again = Cli.run("demo", fixtures.toString());
        assertEquals(1, again.status());
        assertEquals(0, Cli.run("demo", fixtures.toString(), "--force").status());
    }

    @Test
    void demoSetVerifiesWithTheJdk() throws Exception {
        Path fixtures = demo();
        X509Certificate ca =
                PemFiles.readCertificateChain(fixtures.resolve("ca.crt")).get(0);
        X509Certificate server =
                PemFiles.readCertificateChain(fixtures.resolve("server.crt")).get(0);
        X509Certificate server2 =
                PemFiles.readCertificateChain(fixtures.resolve("server2.crt")).get(0);
        validate(server, ca);
        validate(server2, ca);
        assertEquals(List.of(server, ca), PemFiles.readCertificateChain(fixtures.resolve("server-chain.pem")));

        // server.crt is also the seed's -peer-cert-file ("Using HTTPS between servers"): a peer is a client too.
        assertEquals(List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"), server.getExtendedKeyUsage());
        assertTrue(server2.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.2"), "server2 needs clientAuth");
        assertEquals(
                List.of(List.of(7, "127.0.0.1"), List.of(2, "localhost")),
                List.copyOf(server.getSubjectAlternativeNames()));
        // load refuses a key that does not belong to the certificate.
        assertEquals(
                server,
                HeldCertificate.load(fixtures.resolve("server.crt"), fixtures.resolve("server.key.insecure"))
                        .certificate());
        assertEquals(
                server2,
                HeldCertificate.load(fixtures.resolve("server2.crt"), fixtures.resolve("server2.key.insecure"))
                        .certificate());
    }

    private static void validate(X509Certificate leaf, X509Certificate ca) throws Exception {
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
        parameters.setRevocationEnabled(false);
        var path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf));
        CertPathValidator.getInstance("PKIX").validate(path, parameters);
    }

    /** OpenSSL is what curl --cacert uses; skipped (by assumption) only on machines without the openssl command. */
    @Test
    void demoSetVerifiesWithOpenssl() throws Exception {
        assumeTrue(onPath("openssl"), "openssl is not installed");
        Path fixtures = demo();
        Process verify = new ProcessBuilder("openssl", "verify", "-CAfile", "ca.crt", "server.crt", "server2.crt")
                .directory(fixtures.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(verify.getInputStream().readAllBytes());
        assertTrue(verify.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, verify.exitValue(), output);
        assertEquals("server.crt: OK\nserver2.crt: OK\n", output);
        Process purpose = new ProcessBuilder(
                        "openssl", "verify", "-CAfile", "ca.crt", "-purpose", "sslclient", "server2.crt")
                .directory(fixtures.toFile())
                .redirectErrorStream(true)
                .start();
        String purposeOutput = new String(purpose.getInputStream().readAllBytes());
        assertTrue(purpose.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, purpose.exitValue(), purposeOutput);
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
