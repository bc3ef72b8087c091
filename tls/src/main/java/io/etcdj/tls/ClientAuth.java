package io.etcdj.tls;

/** Whether a server asks connecting clients for a certificate. */
public enum ClientAuth {
    /** Clients are not asked (etcd 0.4 without {@code -ca-file}). */
    NONE,
    /** Clients are asked; one without a certificate is still accepted, one with a bad certificate is not. */
    WANT,
    /** Clients must present a certificate that chains to the trusted CAs (etcd 0.4 with {@code -ca-file}). */
    NEED
}
