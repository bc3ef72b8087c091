package io.etcdj.peer.grpc;

import io.etcdj.tls.HeldCertificate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;

/**
 * A peer CA and the certificates of its members, minted in memory and written as PEM files to a test's directory, so
 * that transports load them through {@link PeerTls#load} exactly as the server's -peer-*-file flags will.
 */
final class PeerPki {
    final Path dir;
    final String name;
    final HeldCertificate ca;

    PeerPki(Path dir, String name) throws IOException {
        this.dir = dir;
        this.name = name;
        this.ca = HeldCertificate.builder()
                .commonName(name + " peer CA")
                .certificateAuthority(0)
                .build();
        Files.writeString(caFile(), ca.certificatePem());
    }

    Path caFile() {
        return dir.resolve(name + "-ca.crt");
    }

    /** A member certificate valid for 127.0.0.1 and localhost, usable as server and as client. */
    PeerTls member(String member) throws Exception {
        return member(member, b -> b.addIpAddress("127.0.0.1").addDnsName("localhost"));
    }

    /** A member certificate whose names {@code sans} chooses, trusting this CA. */
    PeerTls member(String member, UnaryOperator<HeldCertificate.Builder> sans) throws Exception {
        HeldCertificate held = sans.apply(HeldCertificate.builder().commonName(member))
                .serverAuth()
                .clientAuth()
                .signedBy(ca)
                .build();
        write(member, held);
        return PeerTls.load(certFile(member), keyFile(member), caFile());
    }

    /** A member of this CA that trusts {@code trusted}'s CA instead (how a member of another cluster would look). */
    PeerTls memberTrusting(String member, PeerPki trusted) throws Exception {
        member(member);
        return PeerTls.load(certFile(member), keyFile(member), trusted.caFile());
    }

    Path certFile(String member) {
        return dir.resolve(name + "-" + member + ".crt");
    }

    Path keyFile(String member) {
        return dir.resolve(name + "-" + member + ".key");
    }

    private void write(String member, HeldCertificate held) throws IOException {
        Files.writeString(certFile(member), held.certificatePem());
        Files.writeString(keyFile(member), held.privateKeyPkcs8Pem());
    }

    /** An SSLContext for the JDK HttpClient: presenting {@code tls}'s certificate, trusting its CA. */
    static SSLContext clientContext(PeerTls tls) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(tls.keyManagers(), tls.trustManagers(), null);
        return context;
    }

    /** An SSLContext that trusts {@code tls}'s CA but has no certificate to present. */
    static SSLContext trustOnlyContext(PeerTls tls) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tls.trustManagers(), null);
        return context;
    }
}
