package io.etcdj.tls;

import javax.net.ssl.SSLParameters;

/** SSLParameters with etcdj's protocol versions and a server's client-certificate demand. */
final class TlsParameters {
    private TlsParameters() {}

    static SSLParameters forServer(ClientAuth clientAuth) {
        SSLParameters parameters = new SSLParameters();
        parameters.setProtocols(TlsMaterial.PROTOCOLS.toArray(String[]::new));
        switch (clientAuth) {
            case NEED -> parameters.setNeedClientAuth(true);
            case WANT -> parameters.setWantClientAuth(true);
            case NONE -> {}
        }
        return parameters;
    }
}
