/**
 * TLS material for etcdj from PEM files: certificate chains, CA bundles and private keys, turned into the JDK's
 * {@link javax.net.ssl.KeyManager}, {@link javax.net.ssl.TrustManager} and {@link javax.net.ssl.SSLContext}.
 *
 * <p>Jetty, grpc-netty and the JDK's HTTP client all accept these JDK types, so this package never imports any of
 * them. Jetty in particular cannot read PEM, which is why the key and chain are put into an in-memory PKCS#12
 * {@link java.security.KeyStore} here.
 *
 * <p>Startup should fail loudly on bad material: {@link io.etcdj.tls.TlsMaterial#load} throws a
 * {@link io.etcdj.tls.TlsConfigException} that names the file and the problem (missing, unreadable, not PEM, key
 * does not match the certificate, expired certificate, CA file without certificates). A running node instead keeps
 * serving: {@link io.etcdj.tls.CertificateReloader} picks up rotated files for new handshakes and, if a new file is
 * bad, logs a warning and keeps the old material.
 *
 * <pre>{@code
 * TlsMaterial tls = TlsMaterial.load(TlsConfig.of(Path.of("server.crt"), Path.of("server.key"), Path.of("ca.crt")));
 * SSLContext context = tls.sslContext();            // TLSv1.3 and TLSv1.2 only
 * SSLParameters parameters = tls.sslParameters();   // needClientAuth because a CA file was given
 * }</pre>
 *
 * <p>The package also makes certificates, as okhttp-tls keeps {@code HeldCertificate} beside
 * {@code HandshakeCertificates}: {@link io.etcdj.tls.HeldCertificate} is a certificate with its key pair, built in
 * memory (tests mint their whole PKI this way) or loaded from files, and {@link io.etcdj.tls.PemWriter} writes
 * certificates and unencrypted PKCS#8 keys. {@link io.etcdj.tls.PemFiles} is the one PEM reader of the project.
 *
 * <pre>{@code
 * HeldCertificate ca = HeldCertificate.builder().commonName("etcdj CA").certificateAuthority(0).build();
 * HeldCertificate server = HeldCertificate.builder()
 *     .commonName("machine0").addIpAddress("127.0.0.1").addDnsName("localhost")
 *     .serverAuth().clientAuth()      // a peer both accepts and opens connections
 *     .signedBy(ca).build();
 * Files.writeString(dir.resolve("server.crt"), server.certificatePem());
 * }</pre>
 */
package io.etcdj.tls;
