package io.etcdj.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** A CA with a server and a client certificate, minted in memory and written to a test's directory. */
final class Pki {
    final Path dir;
    final HeldCertificate ca = HeldCertificate.builder()
            .commonName("test CA")
            .certificateAuthority(0)
            .build();
    final HeldCertificate server = HeldCertificate.builder()
            .commonName("server")
            .addIpAddress("127.0.0.1")
            .addDnsName("localhost")
            .serverAuth()
            .signedBy(ca)
            .build();
    final HeldCertificate client = HeldCertificate.builder()
            .commonName("client")
            .clientAuth()
            .signedBy(ca)
            .build();

    Pki(Path dir) throws IOException {
        this.dir = dir;
        write("ca", ca);
        write("server", server);
        write("client", client);
    }

    static HeldCertificate.Builder leaf(String name) {
        return HeldCertificate.builder().commonName(name).validFor(Duration.ofHours(1));
    }

    /** Writes NAME.crt and NAME.key and returns the certificate's path. */
    Path write(String name, HeldCertificate held) throws IOException {
        Files.writeString(dir.resolve(name + ".key"), held.privateKeyPkcs8Pem());
        return Files.writeString(dir.resolve(name + ".crt"), held.certificatePem());
    }

    Path crt(String name) {
        return dir.resolve(name + ".crt");
    }

    Path key(String name) {
        return dir.resolve(name + ".key");
    }

    /** A server that requires client certificates signed by this CA (etcd's -ca-file). */
    TlsMaterial mtlsServer() throws TlsConfigException {
        return TlsMaterial.load(crt("server"), key("server"), crt("ca"));
    }

    /** A client presenting {@code name}'s certificate and trusting this CA. */
    TlsMaterial client(String name) throws TlsConfigException {
        return TlsMaterial.load(crt(name), key(name), crt("ca"));
    }
}
