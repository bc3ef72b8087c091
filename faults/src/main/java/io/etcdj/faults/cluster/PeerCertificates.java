package io.etcdj.faults.cluster;

import io.etcdj.tls.HeldCertificate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

/** A peer CA and one certificate per member address (IP SAN), for runs with mutual TLS between members. */
final class PeerCertificates {
    private final Path dir;

    private PeerCertificates(Path dir) {
        this.dir = dir;
    }

    static PeerCertificates issue(Path dir, List<String> hosts) throws IOException {
        Files.createDirectories(dir);
        HeldCertificate ca = HeldCertificate.builder()
                .commonName("etcdj faults peer CA")
                .certificateAuthority(0)
                .validFor(Duration.ofDays(1))
                .build();
        Files.writeString(dir.resolve("ca.crt"), ca.certificatePem(), StandardCharsets.US_ASCII);
        for (String host : hosts) {
            HeldCertificate member = HeldCertificate.builder()
                    .commonName(host)
                    .addIpAddress(host)
                    .serverAuth()
                    .clientAuth()
                    .validFor(Duration.ofDays(1))
                    .signedBy(ca)
                    .build();
            Files.writeString(dir.resolve(host + ".crt"), member.certificatePem(), StandardCharsets.US_ASCII);
            Path key = dir.resolve(host + ".key");
            Files.writeString(key, member.privateKeyPkcs8Pem(), StandardCharsets.US_ASCII);
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        }
        return new PeerCertificates(dir);
    }

    List<String> flagsFor(String host) {
        return List.of(
                "-peer-cert-file", dir.resolve(host + ".crt").toString(),
                "-peer-key-file", dir.resolve(host + ".key").toString(),
                "-peer-ca-file", dir.resolve("ca.crt").toString());
    }
}
