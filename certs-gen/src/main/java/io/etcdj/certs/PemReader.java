package io.etcdj.certs;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Reads back the CA that certs-gen signs with, and certificates to inspect. Only unencrypted keys: certs-gen writes
 * nothing else, and the etcdj-tls module is where the full set of key formats is read.
 */
final class PemReader {
  private PemReader() {}

  static List<X509Certificate> readCertificates(Path file) throws IOException {
    List<X509Certificate> certificates = new ArrayList<>();
    for (Object object : readObjects(file)) {
      if (object instanceof X509CertificateHolder holder) {
        try {
          certificates.add(new JcaX509CertificateConverter().getCertificate(holder));
        } catch (CertificateException e) {
          throw new IOException(file + ": unreadable certificate: " + e.getMessage(), e);
        }
      }
    }
    if (certificates.isEmpty()) {
      throw new IOException(file + ": no PEM certificate in the file");
    }
    return certificates;
  }

  static PrivateKey readPrivateKey(Path file) throws IOException {
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    for (Object object : readObjects(file)) {
      if (object instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      if (object instanceof PEMKeyPair pair) {
        return converter.getKeyPair(pair).getPrivate();
      }
    }
    throw new IOException(file + ": no unencrypted PEM private key in the file");
  }

  static HeldCertificate readHeldCertificate(Path certificateFile, Path keyFile) throws IOException {
    X509Certificate certificate = readCertificates(certificateFile).get(0);
    PrivateKey key = readPrivateKey(keyFile);
    if (!matches(certificate, key)) {
      throw new IOException(keyFile + ": private key does not belong to the certificate in " + certificateFile);
    }
    return new HeldCertificate(certificate, new KeyPair(certificate.getPublicKey(), key));
  }

  /** Signs a probe and verifies it with the certificate: works the same for RSA and EC keys. */
  static boolean matches(X509Certificate certificate, PrivateKey key) {
    try {
      String algorithm = KeyAlgorithm.signatureAlgorithm(key);
      byte[] probe = "certs-gen key check".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false; // for example an RSA key against an EC certificate
    }
  }

  private static List<Object> readObjects(Path file) throws IOException {
    List<Object> objects = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(reader)) {
      for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
        objects.add(object);
      }
    } catch (NoSuchFileException e) {
      throw new IOException(file + ": no such file", e);
    } catch (IOException e) {
      throw new IOException(file + ": not readable as PEM: " + e.getMessage(), e);
    }
    return objects;
  }
}
