package io.etcdj.certs;

/** The help text of each subcommand, printed by {@code -h}, {@code --help} and {@code certs-gen help COMMAND}. */
final class Usage {
    private Usage() {}

    static final String MAIN = """
      usage: certs-gen COMMAND [FLAGS]

      Issues TLS certificates for etcdj: a CA, then server, client and peer certificates signed by it.
      Keys are ECDSA P-256 unless --rsa is given, written as unencrypted PKCS#8 with mode 0600.

      commands:
        ca       a certificate authority (self-signed)
        server   a server certificate (serverAuth), for -cert-file/-key-file
        client   a client certificate (clientAuth), for curl --cert/--key or a server's -ca-file check
        peer     a certificate that is both server and client, for -peer-cert-file/-peer-key-file
        inspect  print what a certificate file says
        demo     write the fixtures/ca set used by etcd's README (ca, server, server2, server-chain.pem)
        help     this text, or 'help COMMAND' for one command

      example:
        certs-gen ca --name etcd-ca --out certs
        certs-gen server --name machine0 --ip 127.0.0.1 --dns localhost \\
            --ca certs/etcd-ca.crt --ca-key certs/etcd-ca.key --out certs
      """;

    static final String CA = """
      usage: certs-gen ca --name NAME [--days 3650] [--rsa 2048|4096] [--out DIR] [--force]

      Writes DIR/NAME.crt and DIR/NAME.key: a self-signed CA that signs leaf certificates only.

        --name NAME    common name and file name (letters, digits, '.', '_', '-')
        --days N       validity in days (default 3650)
        --rsa BITS     an RSA key of 2048 or 4096 bits instead of ECDSA P-256
        --out DIR      output directory (default: the current directory)
        --force        overwrite existing files
      """;

    static final String LEAF = """
      usage: certs-gen %1$s --name NAME --ca CA.crt --ca-key CA.key [--ip IP]... [--dns NAME]...
                       [--days 365] [--rsa 2048|4096] [--out DIR] [--force]

      Writes DIR/NAME.crt and DIR/NAME.key, signed by the given CA, %2$s.

        --name NAME    common name and file name (letters, digits, '.', '_', '-')
        --ip IP        an IP address clients dial, as a subject alternative name (repeatable)
        --dns NAME     a DNS name clients dial, as a subject alternative name (repeatable)
        --ca FILE      the CA certificate to sign with
        --ca-key FILE  the CA's private key (unencrypted PEM)
        --days N       validity in days (default 365)
        --rsa BITS     an RSA key of 2048 or 4096 bits instead of ECDSA P-256
        --out DIR      output directory (default: the current directory)
        --force        overwrite existing files
      """;

    static final String INSPECT = """
      usage: certs-gen inspect FILE

      Prints subject, issuer, validity, subject alternative names, key usages and extended key usages of every
      certificate in FILE (a chain file prints each in order).
      """;

    static final String DEMO = """
      usage: certs-gen demo DIR [--force]

      Writes the certificate set that etcd's README uses as ./fixtures/ca, valid for 365 days (the CA for 3650):
        ca.crt, ca.key                       the CA
        server.crt, server.key.insecure      server certificate for 127.0.0.1 and localhost (serverAuth)
        server2.crt, server2.key.insecure    client and server certificate (clientAuth + serverAuth)
        server-chain.pem                     server.crt followed by ca.crt, for curl --cacert
      """;

    static String leaf(String command) {
        String purpose = switch (command) {
            case "server" -> "for servers (serverAuth); give at least one --ip or --dns";
            case "client" -> "for clients (clientAuth)";
            default -> "usable as both server and client (serverAuth + clientAuth); give at least one --ip or --dns";
        };
        return String.format(LEAF, command, purpose);
    }
}
