package io.etcdj.certs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcdj.tls.PemFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The issuing subcommands, their files and modes, and their one-line errors. */
class CertsGenMainTest {
    @TempDir
    Path dir;

    private String mode(Path file) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    private void ca() {
        assertEquals(0, Cli.run("ca", "--name", "ca", "--out", dir.toString()).status());
    }

    private Cli leaf(String kind, String name, String... more) {
        List<String> args = new ArrayList<>(List.of(
                kind,
                "--name",
                name,
                "--ca",
                dir.resolve("ca.crt").toString(),
                "--ca-key",
                dir.resolve("ca.key").toString(),
                "--out",
                dir.toString()));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void writesCertificateAndKeyWithTheirModes() throws Exception {
        ca();
        assertEquals("rw-r--r--", mode(dir.resolve("ca.crt")));
        assertEquals("rw-------", mode(dir.resolve("ca.key")));
        Cli server = leaf("server", "machine0", "--ip", "127.0.0.1", "--dns", "localhost");
        assertEquals(0, server.status(), server.err());
        assertEquals(
                "wrote " + dir.resolve("machine0.crt") + " and " + dir.resolve("machine0.key") + "\n", server.out());
        assertEquals("rw-------", mode(dir.resolve("machine0.key")));
        assertTrue(Files.readString(dir.resolve("machine0.key")).startsWith("-----BEGIN PRIVATE KEY-----"));
        try (var listing = Files.list(dir)) {
            assertFalse(listing.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary files left");
        }
    }

    @Test
    void eachKindGetsItsUsages() throws Exception {
        ca();
        assertEquals(0, leaf("server", "s", "--ip", "127.0.0.1").status());
        assertEquals(0, leaf("client", "c").status());
        assertEquals(
                0,
                leaf("peer", "p", "--dns", "machine1.example", "--rsa", "2048").status());
        assertEquals(List.of("1.3.6.1.5.5.7.3.1"), cert("s").getExtendedKeyUsage());
        assertEquals(List.of("1.3.6.1.5.5.7.3.2"), cert("c").getExtendedKeyUsage());
        assertEquals(
                List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"), cert("p").getExtendedKeyUsage());
        assertEquals("RSA", cert("p").getPublicKey().getAlgorithm());
        cert("p").verify(cert("ca").getPublicKey());
    }

    private X509Certificate cert(String name) throws Exception {
        return PemFiles.readCertificateChain(dir.resolve(name + ".crt")).get(0);
    }

    @Test
    void refusesToOverwriteWithoutForce() throws Exception {
        ca();
        String before = Files.readString(dir.resolve("ca.crt"));
        Cli again = Cli.run("ca", "--name", "ca", "--out", dir.toString());
        assertEquals(1, again.status());
        assertEquals(
                "certs-gen: ca: " + dir.resolve("ca.crt") + " already exists (use --force to overwrite)\n",
                again.err());
        assertEquals(before, Files.readString(dir.resolve("ca.crt")));
        assertEquals(
                0,
                Cli.run("ca", "--name", "ca", "--out", dir.toString(), "--force")
                        .status());
        assertFalse(before.equals(Files.readString(dir.resolve("ca.crt"))));
        assertEquals("rw-------", mode(dir.resolve("ca.key")));
    }

    @Test
    void usageErrorsExitTwoWithOneLine() {
        assertOneLineError(
                2, "certs-gen: server: unknown flag --nme (see: certs-gen server -h)", Cli.run("server", "--nme", "x"));
        assertOneLineError(2, "certs-gen: ca: --name is required", Cli.run("ca"));
        assertOneLineError(
                2,
                "certs-gen: ca: --rsa must be 2048 or 4096, not 1024",
                Cli.run("ca", "--name", "x", "--rsa", "1024", "--out", dir.toString()));
        assertOneLineError(
                2,
                "certs-gen: server: give at least one --ip or --dns that clients will dial",
                Cli.run("server", "--name", "x", "--ca", "ca.crt", "--ca-key", "ca.key"));
        assertOneLineError(
                2,
                "certs-gen: client: not an IP address: localhost",
                Cli.run("client", "--name", "x", "--ip", "localhost"));
        assertOneLineError(2, "certs-gen: unknown command 'sign' (see: certs-gen help)", Cli.run("sign"));
        assertOneLineError(
                2,
                "certs-gen: ca: --name may hold only letters, digits, '.', '_' and '-': ../x",
                Cli.run("ca", "--name", "../x"));
        assertOneLineError(2, "certs-gen: ca: flag --name given twice", Cli.run("ca", "--name", "a", "--name=b"));
        assertOneLineError(2, "certs-gen: ca: flag --out needs a value", Cli.run("ca", "--name", "a", "--out"));
        assertOneLineError(
                2,
                "certs-gen: ca: --days must be a whole number, not 'ten'",
                Cli.run("ca", "--name", "a", "--days", "ten"));
        assertOneLineError(2, "certs-gen: ca: unexpected argument 'extra'", Cli.run("ca", "--name", "a", "extra"));
    }

    @Test
    void missingCaFileExitsOneWithOneLine() {
        Path missing = dir.resolve("missing-ca.crt");
        assertOneLineError(
                1,
                "certs-gen: client: " + missing + ": no such file",
                Cli.run(
                        "client",
                        "--name",
                        "x",
                        "--ca",
                        missing.toString(),
                        "--ca-key",
                        missing.toString(),
                        "--out",
                        dir.toString()));
    }

    @Test
    void signingWithALeafIsRefused() {
        ca();
        assertEquals(0, leaf("client", "c").status());
        Cli cli = Cli.run(
                "client",
                "--name",
                "x",
                "--ca",
                dir.resolve("c.crt").toString(),
                "--ca-key",
                dir.resolve("c.key").toString(),
                "--out",
                dir.toString());
        assertOneLineError(1, "certs-gen: client: " + dir.resolve("c.crt") + ": not a CA certificate", cli);
    }

    @Test
    void keyThatDoesNotBelongToTheCaIsRefused() {
        ca();
        assertEquals(0, leaf("client", "c").status());
        Cli cli = Cli.run(
                "client",
                "--name",
                "x",
                "--ca",
                dir.resolve("ca.crt").toString(),
                "--ca-key",
                dir.resolve("c.key").toString(),
                "--out",
                dir.toString());
        assertEquals(1, cli.status());
        assertTrue(cli.err().contains("private key does not belong to the certificate"), cli.err());
    }

    @Test
    void helpOnEverySubcommand() {
        for (String command : List.of("ca", "server", "client", "peer", "inspect", "demo")) {
            for (Cli cli : List.of(Cli.run(command, "-h"), Cli.run(command, "--help"), Cli.run("help", command))) {
                assertEquals(0, cli.status(), command);
                assertTrue(cli.out().startsWith("usage: certs-gen " + command), cli.out());
            }
        }
        assertTrue(Cli.run("help").out().startsWith("usage: certs-gen COMMAND"));
        assertTrue(Cli.run("-h").out().startsWith("usage: certs-gen COMMAND"));
        Cli none = Cli.run();
        assertEquals(2, none.status());
        assertTrue(none.err().startsWith("usage: certs-gen COMMAND"));
    }

    static void assertOneLineError(int status, String line, Cli cli) {
        assertEquals(status, cli.status(), cli.err());
        assertEquals(line + "\n", cli.err());
        assertEquals("", cli.out());
    }
}
