package io.etcdj.certs;

import io.etcdj.tls.HeldCertificate;
import io.etcdj.tls.TlsConfigException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** {@code ca}, {@code server}, {@code client} and {@code peer}: issue one certificate and write NAME.crt/NAME.key. */
final class IssueCommand {
  private static final Set<String> VALUE_FLAGS = Set.of("name", "days", "rsa", "out", "ca", "ca-key");
  private static final Set<String> SAN_FLAGS = Set.of("ip", "dns");
  private static final Set<String> SWITCHES = Set.of("force");

  private IssueCommand() {}

  static void run(String command, List<String> args, PrintStream out)
      throws UsageException, IOException, TlsConfigException {
    boolean ca = command.equals("ca");
    CliArgs flags = CliArgs.parse(command, args, ca ? Set.of("name", "days", "rsa", "out") : VALUE_FLAGS,
        ca ? Set.of() : SAN_FLAGS, SWITCHES);
    if (!flags.positional().isEmpty()) {
      throw new UsageException(command + ": unexpected argument '" + flags.positional().get(0) + "'");
    }
    String name = requireName(command, flags.value("name"));
    int days = flags.intValue(command, "days", ca ? 3650 : 365);
    if (days <= 0) {
      throw new UsageException(command + ": --days must be positive");
    }

    HeldCertificate.Builder builder = HeldCertificate.builder().commonName(name).validFor(Duration.ofDays(days));
    if (flags.has("rsa")) {
      int bits = flags.intValue(command, "rsa", 0);
      if (bits != 2048 && bits != 4096) {
        throw new UsageException(command + ": --rsa must be 2048 or 4096, not " + bits);
      }
      builder.rsa(bits);
    }
    try {
      flags.all("ip").forEach(builder::addIpAddress);
      flags.all("dns").forEach(builder::addDnsName);
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
    if (needsSan && flags.all("ip").isEmpty() && flags.all("dns").isEmpty()) {
      // Clients match the address they dial against the SANs; without one no client would accept the certificate.
      throw new UsageException(command + ": give at least one --ip or --dns that clients will dial");
    }

    Path dir = Path.of(flags.has("out") ? flags.value("out") : ".");
    Path certFile = dir.resolve(name + ".crt");
    Path keyFile = dir.resolve(name + ".key");
    OutputFiles.checkOverwrite(List.of(certFile, keyFile), flags.has("force"));
    if (!ca) {
      builder.signedBy(loadIssuer(command, flags));
    }

    HeldCertificate issued = builder.build();
    OutputFiles.writePrivate(keyFile, issued.privateKeyPkcs8Pem());
    OutputFiles.writePublic(certFile, issued.certificatePem());
    out.println("wrote " + certFile + " and " + keyFile);
  }

  private static HeldCertificate loadIssuer(String command, CliArgs flags)
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
