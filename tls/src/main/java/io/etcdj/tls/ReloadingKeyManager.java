package io.etcdj.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Delegates to the key manager of the newest material. The JSSE first chooses an alias and later asks for that
 * alias's chain and key; every generation has its own alias, so a reload between the two calls cannot pair one
 * generation's certificate with another's key.
 */
final class ReloadingKeyManager extends X509ExtendedKeyManager {
    private final CertificateReloader reloader;

    ReloadingKeyManager(CertificateReloader reloader) {
        this.reloader = reloader;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return reloader.currentAfterCheck().keyManager().chooseServerAlias(keyType, issuers, socket);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return reloader.currentAfterCheck().keyManager().chooseEngineServerAlias(keyType, issuers, engine);
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return reloader.currentAfterCheck().keyManager().chooseClientAlias(keyTypes, issuers, socket);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return reloader.currentAfterCheck().keyManager().chooseEngineClientAlias(keyTypes, issuers, engine);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return reloader.current().keyManager().getServerAliases(keyType, issuers);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return reloader.current().keyManager().getClientAliases(keyType, issuers);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        TlsMaterial material = reloader.byAlias(alias);
        return material == null ? null : material.keyManager().getCertificateChain(alias);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        TlsMaterial material = reloader.byAlias(alias);
        return material == null ? null : material.keyManager().getPrivateKey(alias);
    }
}
