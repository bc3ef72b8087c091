package io.etcdj.certs;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** The human-readable summary {@code certs-gen inspect} prints: the fields that decide whether a handshake works. */
final class CertificateDescription {
    private static final String[] KEY_USAGES = {
        "digitalSignature",
        "nonRepudiation",
        "keyEncipherment",
        "dataEncipherment",
        "keyAgreement",
        "keyCertSign",
        "cRLSign",
        "encipherOnly",
        "decipherOnly"
    };
    private static final Map<String, String> EXTENDED_KEY_USAGES = Map.of(
            "1.3.6.1.5.5.7.3.1", "serverAuth",
            "1.3.6.1.5.5.7.3.2", "clientAuth",
            "1.3.6.1.5.5.7.3.3", "codeSigning",
            "1.3.6.1.5.5.7.3.4", "emailProtection",
            "1.3.6.1.5.5.7.3.8", "timeStamping",
            "1.3.6.1.5.5.7.3.9", "OCSPSigning",
            "2.5.29.37.0", "anyExtendedKeyUsage");

    private CertificateDescription() {}

    static String describe(X509Certificate certificate, Instant now) {
        StringBuilder text = new StringBuilder();
        line(text, "subject", certificate.getSubjectX500Principal().getName());
        line(text, "issuer", certificate.getIssuerX500Principal().getName());
        line(text, "serial", certificate.getSerialNumber().toString(16));
        line(text, "not before", certificate.getNotBefore().toInstant().toString());
        line(
                text,
                "not after",
                certificate.getNotAfter().toInstant().toString() + " (" + status(certificate, now) + ")");
        line(text, "key", key(certificate));
        int pathLength = certificate.getBasicConstraints();
        line(
                text,
                "CA",
                pathLength < 0
                        ? "no"
                        : "yes, " + (pathLength == Integer.MAX_VALUE ? "any number of" : "at most " + pathLength)
                                + " intermediate CAs below it");
        line(text, "SANs", sans(certificate));
        line(text, "key usage", keyUsage(certificate));
        line(text, "ext key usage", extendedKeyUsage(certificate));
        return text.toString();
    }

    private static void line(StringBuilder text, String label, String value) {
        text.append(String.format("%-14s %s%n", label + ":", value));
    }

    private static String status(X509Certificate certificate, Instant now) {
        Instant notBefore = certificate.getNotBefore().toInstant();
        Instant notAfter = certificate.getNotAfter().toInstant();
        if (now.isBefore(notBefore)) {
            return "NOT YET VALID";
        }
        if (now.isAfter(notAfter)) {
            return "EXPIRED " + Duration.between(notAfter, now).toDays() + " days ago";
        }
        return "valid, expires in " + Duration.between(now, notAfter).toDays() + " days";
    }

    private static String key(X509Certificate certificate) {
        if (certificate.getPublicKey() instanceof RSAPublicKey rsa) {
            return "RSA " + rsa.getModulus().bitLength() + " bits";
        }
        if (certificate.getPublicKey() instanceof ECPublicKey ec) {
            return "EC " + ec.getParams().getCurve().getField().getFieldSize() + " bits";
        }
        return certificate.getPublicKey().getAlgorithm();
    }

    private static String sans(X509Certificate certificate) {
        Collection<List<?>> names;
        try {
            names = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
        if (names == null) {
            return "(none)";
        }
        List<String> shown = new ArrayList<>();
        for (List<?> name : names) {
            int type = (Integer) name.get(0);
            String prefix = switch (type) {
                case 1 -> "email:";
                case 2 -> "DNS:";
                case 6 -> "URI:";
                case 7 -> "IP:";
                default -> "type" + type + ":";
            };
            shown.add(prefix + name.get(1));
        }
        return String.join(", ", shown);
    }

    private static String keyUsage(X509Certificate certificate) {
        boolean[] bits = certificate.getKeyUsage();
        if (bits == null) {
            return "(none)";
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < bits.length && i < KEY_USAGES.length; i++) {
            if (bits[i]) {
                names.add(KEY_USAGES[i]);
            }
        }
        return String.join(", ", names);
    }

    private static String extendedKeyUsage(X509Certificate certificate) {
        List<String> oids;
        try {
            oids = certificate.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
        if (oids == null) {
            return "(none: any use)";
        }
        return String.join(
                ", ",
                oids.stream()
                        .map(oid -> EXTENDED_KEY_USAGES.getOrDefault(oid, oid))
                        .toList());
    }
}
