package io.etcdj.certs;

import io.etcdj.cli.Flag;
import io.etcdj.cli.ParsedArgs;
import io.etcdj.tls.HeldCertificate;
import io.etcdj.tls.PemWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code demo DIR}: the certificate set etcd 0.4's README calls {@code ./fixtures/ca}, under the same file names, so
 * the README's commands work verbatim:
 *
 * <pre>
 * ./etcd -cert-file=./fixtures/ca/server.crt -key-file=./fixtures/ca/server.key.insecure -ca-file=./fixtures/ca/ca.crt
 * curl --key ./fixtures/ca/server2.key.insecure --cert ./fixtures/ca/server2.crt \
 *      --cacert ./fixtures/ca/server-chain.pem https://127.0.0.1:4001/v2/keys/foo -XPUT -d value=bar
 * </pre>
 */
final class DemoCommand {
    static final List<String> FILES = List.of(
            "ca.crt",
            "ca.key",
            "server.crt",
            "server.key.insecure",
            "server2.crt",
            "server2.key.insecure",
            "server-chain.pem");

    private DemoCommand() {}

    static void run(List<String> args, PrintStream out) throws UsageException, IOException {
        ParsedArgs flags = CertsGenFlags.parse("demo", List.of(Flag.bool("force", "")), args);
        if (flags.positionals().size() != 1) {
            throw new UsageException("demo: give exactly one DIR");
        }
        Path dir = Path.of(flags.positional(0));
        OutputFiles.checkOverwrite(FILES.stream().map(dir::resolve).toList(), flags.isTrue("force"));

        HeldCertificate ca = HeldCertificate.builder()
                .commonName("etcdj demo CA")
                .certificateAuthority(0)
                .validFor(Duration.ofDays(3650))
                .build();
        // clientAuth too: the README's "Using HTTPS between servers" passes this very file as -peer-cert-file, and a
        // peer presents its certificate as a client to the others.
        HeldCertificate server = HeldCertificate.builder()
                .commonName("server")
                .addIpAddress("127.0.0.1")
                .addDnsName("localhost")
                .serverAuth()
                .clientAuth()
                .signedBy(ca)
                .validFor(Duration.ofDays(365))
                .build();
        // The README's client-certificate example presents server2 as a client, so it needs clientAuth (see its FAQ).
        HeldCertificate server2 = HeldCertificate.builder()
                .commonName("server2")
                .addIpAddress("127.0.0.1")
                .addDnsName("localhost")
                .serverAuth()
                .clientAuth()
                .signedBy(ca)
                .validFor(Duration.ofDays(365))
                .build();

        OutputFiles.writePublic(dir.resolve("ca.crt"), ca.certificatePem());
        OutputFiles.writePrivate(dir.resolve("ca.key"), ca.privateKeyPkcs8Pem());
        OutputFiles.writePublic(dir.resolve("server.crt"), server.certificatePem());
        OutputFiles.writePrivate(dir.resolve("server.key.insecure"), server.privateKeyPkcs8Pem());
        OutputFiles.writePublic(dir.resolve("server2.crt"), server2.certificatePem());
        OutputFiles.writePrivate(dir.resolve("server2.key.insecure"), server2.privateKeyPkcs8Pem());
        // curl --cacert reads every certificate in the file; the CA is the one that anchors trust.
        OutputFiles.writePublic(
                dir.resolve("server-chain.pem"),
                PemWriter.certificates(List.of(server.certificate(), ca.certificate())));
        out.println("wrote " + String.join(", ", FILES) + " in " + dir);
    }
}
