package io.etcdj.tls;

import java.util.List;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.util.IPAddress;

/** Checks and encodes SAN entries; a typo caught here beats a handshake that fails with "no name matching". */
final class SubjectAlternativeNames {
    private SubjectAlternativeNames() {}

    static String requireIpLiteral(String ip) {
        if (ip == null || !(IPAddress.isValidIPv4(ip) || IPAddress.isValidIPv6(ip))) {
            throw new IllegalArgumentException("not an IP address: " + ip);
        }
        return ip;
    }

    static String requireDnsName(String name) {
        if (name == null
                || !name.matches(
                        "(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*")) {
            throw new IllegalArgumentException("not a DNS name: " + name);
        }
        return name;
    }

    /** Null when there are none, because an empty SAN extension is invalid in X.509. */
    static GeneralNames encode(List<String> ipAddresses, List<String> dnsNames) {
        int count = ipAddresses.size() + dnsNames.size();
        if (count == 0) {
            return null;
        }
        GeneralName[] names = new GeneralName[count];
        int i = 0;
        for (String ip : ipAddresses) {
            names[i++] = new GeneralName(GeneralName.iPAddress, ip);
        }
        for (String dns : dnsNames) {
            names[i++] = new GeneralName(GeneralName.dNSName, dns);
        }
        return new GeneralNames(names);
    }
}
