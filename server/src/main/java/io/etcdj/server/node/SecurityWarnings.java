package io.etcdj.server.node;

import io.etcdj.server.config.ServerConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up warnings about the peer port's trust model. Whoever can send to the peer port is a member: with plain
 * peers (etcd 0.4's default, kept for the seed's commands) that is anyone who reaches it, and a member can write any
 * key, bypassing the client port's -ca-file, and add or remove members. Said once, at start-up, where operators look.
 */
final class SecurityWarnings {
    private static final Logger LOG = LoggerFactory.getLogger(SecurityWarnings.class);

    private SecurityWarnings() {}

    static void log(ServerConfig config) {
        for (String warning : of(config)) {
            LOG.warn(warning);
        }
    }

    static List<String> of(ServerConfig config) {
        List<String> warnings = new ArrayList<>();
        if (config.cluster().peerTls() != null) {
            return warnings;
        }
        String port = config.peer().bindHost() + ":" + config.peer().port();
        if (!isLoopback(config.peer().bindHost())) {
            warnings.add("the peer port " + port + " listens beyond this machine without TLS: anyone who can reach"
                    + " it can write any key and add or remove members; use -peer-cert-file/-peer-key-file/"
                    + "-peer-ca-file (a peer CA of its own, not the client CA), or bind it to a private network");
        }
        if (config.client().tls() != null && config.client().tls().caFile() != null) {
            warnings.add("clients need a certificate (-ca-file) but peers are plain: the peer port " + port
                    + " accepts writes from anyone who reaches it; give peers mutual TLS too (-peer-ca-file with a"
                    + " CA distinct from the client CA)");
        }
        return warnings;
    }

    private static boolean isLoopback(String host) {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
