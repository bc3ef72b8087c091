package io.etcdj.etcdctl;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Why a request to one endpoint failed, as one plain line in the words etcd 2's etcdctl (Go's net/http and
 * crypto/tls) uses — never a Java exception class name, which tells an operator nothing about what to fix.
 *
 * <p>{@code connectionError} follows etcdctl's isConnectionError: only a failure to reach the endpoint at all
 * (refused, unresolvable, timed out) counts; a TLS or protocol failure means the endpoint answered but the two
 * sides disagree, which etcdctl 2 exits 4 for, not 2.
 */
record TransportFailure(String message, boolean connectionError) {
    private static final String PLAIN_TO_TLS_HINT =
            "malformed HTTP response or connection closed (does this endpoint serve https://?)";

    /** The failure behind {@code e}, a request to {@code uri}. */
    static TransportFailure of(IOException e, URI uri) {
        String hostPort = uri.getHost() + ":" + port(uri);
        if (has(e, UnresolvedAddressException.class)) {
            return new TransportFailure("dial tcp: lookup " + uri.getHost() + ": no such host", true);
        }
        if (e instanceof HttpConnectTimeoutException) {
            return new TransportFailure("dial tcp " + hostPort + ": i/o timeout", true);
        }
        if (e instanceof ConnectException && !has(e, SSLException.class)) {
            return new TransportFailure("dial tcp " + hostPort + ": connect: connection refused", true);
        }
        if (e instanceof HttpTimeoutException) {
            return new TransportFailure("net/http: request canceled (Client.Timeout exceeded)", true);
        }
        String tls = tlsReason(e, uri);
        if (tls != null) {
            return new TransportFailure(tls, false);
        }
        if ("http".equals(uri.getScheme()) && looksLikeNoHttpAnswer(e)) {
            return new TransportFailure(PLAIN_TO_TLS_HINT, false);
        }
        return new TransportFailure(plain(e), false);
    }

    /** Null when no TLS failure is in the chain. */
    private static String tlsReason(Throwable e, URI uri) {
        if (has(e, CertificateExpiredException.class)
                || has(e, CertificateNotYetValidException.class)
                || validatorReason(e, CertPathValidatorException.BasicReason.EXPIRED)
                || validatorReason(e, CertPathValidatorException.BasicReason.NOT_YET_VALID)) {
            return "x509: certificate has expired or is not yet valid";
        }
        if (has(e, CertPathBuilderException.class)) {
            return "x509: certificate signed by unknown authority";
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage() == null ? "" : t.getMessage();
            if (m.startsWith("No subject alternative") || m.startsWith("No name matching")) {
                return "x509: certificate is not valid for " + uri.getHost();
            }
            if (m.startsWith("Received fatal alert: ")) {
                // Go's wording for the alert the server sent: "remote error: tls: bad certificate".
                String alert = m.substring("Received fatal alert: ".length()).replace('_', ' ');
                return "remote error: tls: " + alert;
            }
            if (m.contains("Unsupported or unrecognized SSL message") || m.contains("Unrecognized SSL message")) {
                return "tls: first record does not look like a TLS handshake";
            }
        }
        if (has(e, SSLException.class)) {
            return "tls: " + plain(e);
        }
        return null;
    }

    private static boolean looksLikeNoHttpAnswer(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (m.contains("header parser received no bytes")
                    || m.contains("connection reset")
                    || m.contains("invalid status line")
                    || m.contains("eof reached")
                    || m.contains("connection closed")) {
                return true;
            }
        }
        return false;
    }

    /** The innermost message in the chain, without exception class names. */
    static String plain(Throwable e) {
        String best = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                best = t.getMessage();
            }
        }
        if (best == null) {
            return "connection failed";
        }
        // JDK messages sometimes embed the cause's toString ("java.io.IOException: ..."): keep the words only.
        return best.replaceAll("(?:[a-z]+\\.)+[A-Z][A-Za-z]*(?:Exception|Error): ?", "")
                .trim();
    }

    private static boolean validatorReason(Throwable e, CertPathValidatorException.BasicReason reason) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertPathValidatorException v && v.getReason() == reason) {
                return true;
            }
        }
        return false;
    }

    private static boolean has(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equals(uri.getScheme()) ? 443 : 80;
    }
}
