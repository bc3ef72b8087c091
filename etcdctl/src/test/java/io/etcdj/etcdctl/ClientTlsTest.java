package io.etcdj.etcdctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.etcdj.tls.HeldCertificate;
import io.etcdj.tls.KeyFormats;
import io.etcdj.tls.TlsMaterial;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --cert-file/--key-file/--ca-file: every key form the server's own flags accept, against a server that checks. */
class ClientTlsTest {
    @TempDir
    Path dir;

    @Test
    void loadsACertificateAndAnUnencryptedPkcs8Key() throws Exception {
        Path store = dir.resolve("client.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(List.of(
                        keytool.toString(),
                        "-genkeypair",
                        "-keyalg",
                        "EC",
                        "-alias",
                        "client",
                        "-dname",
                        "CN=etcdctl-test",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        store.toString(),
                        "-storepass",
                        "secret",
                        "-keypass",
                        "secret"))
                .redirectErrorStream(true)
                .start();
        p.getInputStream().transferTo(OutputStream.nullOutputStream());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());

        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "secret".toCharArray());
        }
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Files.writeString(cert, pem("CERTIFICATE", ks.getCertificate("client").getEncoded()));
        Files.writeString(
                key, pem("PRIVATE KEY", ((PrivateKey) ks.getKey("client", "secret".toCharArray())).getEncoded()));

        assertNotNull(ClientTls.context(cert.toString(), cert.toString(), key.toString()));
    }

    /** OpenSSL's "traditional" key files, which etcd's own fixtures and many PKI tools still write. */
    @Test
    void pkcs1RsaAndSec1EcKeysAuthenticateToAServerThatRequiresClientCertificates() throws Exception {
        HeldCertificate ca = HeldCertificate.builder()
                .commonName("etcdctl test CA")
                .certificateAuthority(0)
                .build();
        HeldCertificate server = HeldCertificate.builder()
                .commonName("server")
                .addIpAddress("127.0.0.1")
                .serverAuth()
                .signedBy(ca)
                .build();
        HeldCertificate rsaClient = HeldCertificate.builder()
                .commonName("rsa-client")
                .rsa(2048)
                .clientAuth()
                .signedBy(ca)
                .build();
        HeldCertificate ecClient = HeldCertificate.builder()
                .commonName("ec-client")
                .clientAuth()
                .signedBy(ca)
                .build();
        Path caFile = Files.writeString(dir.resolve("ca.crt"), ca.certificatePem());
        Files.writeString(dir.resolve("server.crt"), server.certificatePem());
        Files.writeString(dir.resolve("server.key"), server.privateKeyPkcs8Pem());
        Files.writeString(dir.resolve("rsa.crt"), rsaClient.certificatePem());
        String pkcs1 = KeyFormats.pkcs1(rsaClient.keyPair());
        assertTrue(pkcs1.startsWith("-----BEGIN RSA PRIVATE KEY-----"), pkcs1);
        Files.writeString(dir.resolve("rsa.key"), pkcs1);
        Files.writeString(dir.resolve("ec.crt"), ecClient.certificatePem());
        String sec1 = KeyFormats.sec1(ecClient.keyPair());
        assertTrue(sec1.startsWith("-----BEGIN EC PRIVATE KEY-----"), sec1);
        Files.writeString(dir.resolve("ec.key"), sec1);

        // etcd's rule: a server given -ca-file requires client certificates signed by it.
        TlsMaterial serverTls = TlsMaterial.load(dir.resolve("server.crt"), dir.resolve("server.key"), caFile);
        List<String> clients = new CopyOnWriteArrayList<>();
        HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(serverTls.sslContext()) {
            @Override
            public void configure(HttpsParameters parameters) {
                parameters.setSSLParameters(serverTls.sslParameters());
            }
        });
        https.createContext("/v2/keys/", exchange -> {
            clients.add(((HttpsExchange) exchange)
                    .getSSLSession()
                    .getPeerPrincipal()
                    .getName());
            byte[] body = ("{\"action\":\"get\",\"node\":{\"key\":\"/k\",\"value\":\"over mTLS\","
                            + "\"modifiedIndex\":3,\"createdIndex\":3}}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("X-Etcd-Index", "3");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        https.start();
        try {
            Ctl ctl = new Ctl("https://127.0.0.1:" + https.getAddress().getPort());
            for (String name : List.of("rsa", "ec")) {
                Ctl.Result r = ctl.run(
                        "--cert-file",
                        dir.resolve(name + ".crt").toString(),
                        "--key-file",
                        dir.resolve(name + ".key").toString(),
                        "--ca-file",
                        caFile.toString(),
                        "get",
                        "/k");
                assertEquals(new Ctl.Result(0, "over mTLS\n", ""), r, name);
            }
        } finally {
            https.stop(0);
        }
        assertEquals(List.of("CN=rsa-client", "CN=ec-client"), clients);
    }

    /** The server takes no passphrase either; the error names the file and says why, before any request. */
    @Test
    void anEncryptedKeyIsAClearUsageError() throws Exception {
        HeldCertificate client =
                HeldCertificate.builder().commonName("client").clientAuth().build();
        Path cert = Files.writeString(dir.resolve("client.crt"), client.certificatePem());
        Path key = Files.writeString(
                dir.resolve("client.key"), KeyFormats.encryptedPkcs8(client.keyPair(), "secret".toCharArray()));
        Ctl.Result r = new Ctl("https://127.0.0.1:1")
                .run("--cert-file", cert.toString(), "--key-file", key.toString(), "get", "/k");
        assertEquals(
                new Ctl.Result(
                        1,
                        "",
                        "Error:  cannot load TLS files: key file " + key
                                + ": the key is encrypted and no passphrase was given\nRun 'etcdctl --help' for usage.\n"),
                r);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
