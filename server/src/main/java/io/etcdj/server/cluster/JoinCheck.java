package io.etcdj.server.cluster;

import io.etcdj.peer.Member;
import io.etcdj.server.config.MemberName;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * What a join request must hold before it becomes a membership change. A change commits for good: a voter added with
 * an address nobody can reach counts in every quorum from then on (a one-member cluster that accepts it can never
 * commit again, not even the removal), so a request that cannot describe a reachable member is refused up front.
 */
final class JoinCheck {
    private JoinCheck() {}

    /**
     * Null when acceptable, else why not.
     *
     * @param peerScheme the scheme of every peer URL of this cluster, this member's own: {@code https} with peer
     *                   TLS, {@code http} without (a joiner of the other kind could never talk to the cluster)
     */
    static String problem(Member joiner, String peerScheme) {
        String name = MemberName.problem(joiner.name());
        if (name != null) {
            return "invalid member name: " + name;
        }
        String peer = urlProblem(joiner.peerUrl(), peerScheme);
        if (peer != null) {
            return "invalid peer URL '" + joiner.peerUrl() + "': " + peer;
        }
        String client = urlProblem(joiner.clientUrl(), null);
        return client == null ? null : "invalid client URL '" + joiner.clientUrl() + "': " + client;
    }

    /**
     * Null for a {@code scheme://host[:port]} URL with nothing else in it.
     *
     * @param scheme the scheme it must have; null for either http or https
     */
    static String urlProblem(String url, String scheme) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException | NullPointerException e) {
            return "not a URL";
        }
        if (scheme != null && !scheme.equals(uri.getScheme())) {
            return "the scheme must be " + scheme
                    + (scheme.equals("https")
                            ? " (this cluster's peers use mutual TLS)"
                            : scheme.equals("http") ? " (plain peers)" : "");
        }
        if (scheme == null && !"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            return "the scheme must be http or https";
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return "no host";
        }
        if (uri.getRawUserInfo() != null
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null
                || (uri.getRawPath() != null
                        && !uri.getRawPath().isEmpty()
                        && !uri.getRawPath().equals("/"))) {
            return "only scheme, host and port are allowed";
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            return "bad port";
        }
        return null;
    }
}
