/**
 * Issuing certificates for etcdj: a certificate authority, server, client and peer certificates, written as PEM.
 *
 * <p>{@link io.etcdj.certs.HeldCertificate} is a certificate together with its private key, built in the shape of
 * okhttp's {@code HeldCertificate}:
 *
 * <pre>{@code
 * HeldCertificate ca = HeldCertificate.builder().commonName("etcdj CA").certificateAuthority(0).build();
 * HeldCertificate server = HeldCertificate.builder()
 *     .commonName("machine0").addIpAddress("127.0.0.1").addDnsName("localhost")
 *     .serverAuth().clientAuth()      // a peer both accepts and opens connections
 *     .signedBy(ca).build();
 * Files.writeString(dir.resolve("server.crt"), server.certificatePem());
 * }</pre>
 *
 * <p>A client checks that the name it dialled appears among the server certificate's subject alternative names (the
 * common name is only a label), that the certificate carries the {@code serverAuth} extended key usage, and that it
 * chains to a trusted CA. A server asking for client certificates checks {@code clientAuth} the same way, which is
 * why etcd 0.4's FAQ tells users to add it. Keys are always written as unencrypted PKCS#8, the one private-key form
 * that the JDK, Netty, Go and OpenSSL all read without help.
 *
 * <p>{@link io.etcdj.certs.CertsGenMain} is the command-line front end ({@code ./certs-gen help}).
 */
package io.etcdj.certs;
