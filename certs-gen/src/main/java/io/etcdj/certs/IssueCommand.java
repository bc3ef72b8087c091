package io.etcdj.certs;

import io.etcdj.cli.Flag;
import io.etcdj.cli.ParsedArgs;
import io.etcdj.tls.HeldCertificate;
import io.etcdj.tls.TlsConfigException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code ca}, {@code server}, {@code client} and {@code peer}: issue one certificate and write NAME.crt/NAME.key. */
final class IssueCommand {
    /** The flags of {@code ca}; Usage holds their help. */
    private static final List<Flag> CA_FLAGS = List.of(
            Flag.value("name", "NAME", ""),
            Flag.value("days", "N", ""),
            Flag.value("rsa", "BITS", ""),
            Flag.value("out", "DIR", ""),
            Flag.bool("force", ""));
    /** The flags of {@code server}, {@code client} and {@code peer}: those of {@code ca}, the CA, and the SANs. */
    private static final List<Flag> LEAF_FLAGS = caFlagsPlus(
            Flag.value("ca", "FILE", ""),
            Flag.value("ca-key", "FILE", ""),
            Flag.value("ip", "IP", "").repeated(),
            Flag.value("dns", "NAME", "").repeated());

    private IssueCommand() {}

    static void run(String command, List<String> args, PrintStream out)
            throws UsageException, IOException, TlsConfigException {
        boolean ca = command.equals("ca");
        ParsedArgs flags = CertsGenFlags.parse(command, ca ? CA_FLAGS : LEAF_FLAGS, args);
        if (!flags.positionals().isEmpty()) {
            throw new UsageException(command + ": unexpected argument '" + flags.positional(0) + "'");
        }
        String name = requireName(command, flags.value("name"));
        int days = CertsGenFlags.intValue(command, flags, "days", ca ? 3650 : 365);
        if (days <= 0) {
            throw new UsageException(command + ": --days must be positive");
        }

        HeldCertificate.Builder builder =
                HeldCertificate.builder().commonName(name).validFor(Duration.ofDays(days));
        if (flags.has("rsa")) {
            int bits = CertsGenFlags.intValue(command, flags, "rsa", 0);
            if (bits != 2048 && bits != 4096) {
                throw new UsageException(command + ": --rsa must be 2048 or 4096, not " + bits);
            }
            builder.rsa(bits);
        }
        try {
            flags.values("ip").forEach(builder::addIpAddress);
            flags.values("dns").forEach(builder::addDnsName);
        } catch (IllegalArgumentException e) {
            throw new UsageException(command + ": " + e.getMessage());
        }
        switch (command) {
            case "ca" -> builder.certificateAuthority(0);
            case "server" -> builder.serverAuth();
            case "client" -> builder.clientAuth();
            default -> builder.serverAuth().clientAuth();
        }
        boolean needsSan = command.equals("server") || command.equals("peer");
        if (needsSan && !flags.has("ip") && !flags.has("dns")) {
            // Clients match the address they dial against the SANs; without one no client would accept the certificate.
            throw new UsageException(command + ": give at least one --ip or --dns that clients will dial");
        }

        Path dir = Path.of(flags.has("out") ? flags.value("out") : ".");
        Path certFile = dir.resolve(name + ".crt");
        Path keyFile = dir.resolve(name + ".key");
        OutputFiles.checkOverwrite(List.of(certFile, keyFile), flags.isTrue("force"));
        if (!ca) {
            builder.signedBy(loadIssuer(command, flags));
        }

        HeldCertificate issued = builder.build();
        OutputFiles.writePrivate(keyFile, issued.privateKeyPkcs8Pem());
        OutputFiles.writePublic(certFile, issued.certificatePem());
        out.println("wrote " + certFile + " and " + keyFile);
    }

    private static HeldCertificate loadIssuer(String command, ParsedArgs flags)
            throws UsageException, IOException, TlsConfigException {
        String caFile = flags.value("ca");
        String caKeyFile = flags.value("ca-key");
        if (caFile == null || caKeyFile == null) {
            throw new UsageException(command + ": --ca and --ca-key are required (create a CA with: certs-gen ca)");
        }
        HeldCertificate issuer = HeldCertificate.load(Path.of(caFile), Path.of(caKeyFile));
        if (issuer.certificate().getBasicConstraints() < 0) {
            throw new IOException(caFile + ": not a CA certificate");
        }
        return issuer;
    }

    private static List<Flag> caFlagsPlus(Flag... more) {
        List<Flag> flags = new ArrayList<>(CA_FLAGS);
        flags.addAll(List.of(more));
        return List.copyOf(flags);
    }

    /** The name becomes a file name, so path separators and leading dots are refused. */
    private static String requireName(String command, String name) throws UsageException {
        if (name == null) {
            throw new UsageException(command + ": --name is required");
        }
        if (!name.matches("[A-Za-z0-9_-][A-Za-z0-9._-]*")) {
            throw new UsageException(command + ": --name may hold only letters, digits, '.', '_' and '-': " + name);
        }
        return name;
    }
}
