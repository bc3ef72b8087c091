package io.etcdj.server.node;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a member's outgoing peer connections leave from: the address its peer port is bound to, when that is one
 * IP address. Then the member is the same address in both directions, which is what its peers know it by and what a
 * firewall rule on that address (an operator's, or the fault suite's partitions between members on 127.0.0.2, .3, ...
 * of one host) sees. A wildcard bind or a host name leaves the choice to the operating system, as before.
 */
final class PeerSourceAddress {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private PeerSourceAddress() {}

    static Optional<InetAddress> of(String bindHost) {
        String host = bindHost.startsWith("[") && bindHost.endsWith("]")
                ? bindHost.substring(1, bindHost.length() - 1)
                : bindHost;
        if (!IPV4.matcher(host).matches() && !host.contains(":")) {
            return Optional.empty(); // a name: resolving it here could pick another address than the listener's
        }
        try {
            InetAddress address = InetAddress.getByName(host); // a literal: no lookup
            return address.isAnyLocalAddress() ? Optional.empty() : Optional.of(address);
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
