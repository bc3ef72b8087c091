/**
 * The {@code certs-gen} command line: a certificate authority, server, client and peer certificates, written as PEM
 * files with safe modes ({@code bin/certs-gen help}).
 *
 * <p>This package is only the command line. Building and signing certificates ({@link io.etcdj.tls.HeldCertificate}),
 * writing PEM ({@link io.etcdj.tls.PemWriter}) and reading it back ({@link io.etcdj.tls.PemFiles}) live in the tls
 * module, so a CA key certs-gen signs with is read exactly as the server would read it.
 *
 * <p>A client checks that the name it dialled appears among the server certificate's subject alternative names (the
 * common name is only a label), that the certificate carries the {@code serverAuth} extended key usage, and that it
 * chains to a trusted CA. A server asking for client certificates checks {@code clientAuth} the same way, which is
 * why etcd 0.4's FAQ tells users to add it. Keys are always written as unencrypted PKCS#8, the one private-key form
 * that the JDK, Netty, Go and OpenSSL all read without help.
 *
 * <p>{@link io.etcdj.certs.CertsGenMain} is the entry point; its flags are parsed by the same parser as etcdctl's.
 */
package io.etcdj.certs;
