package io.etcdj.server.config;

/** A host:port flag value, checked. */
record HostPort(String host, int port) {
    static HostPort parse(String raw, String flag, int defaultPort) throws ConfigException {
        String value = raw.trim();
        for (String scheme : new String[] {"http://", "https://"}) {
            if (value.startsWith(scheme)) {
                value = value.substring(scheme.length());
            }
        }
        int colon = value.lastIndexOf(':');
        if (colon < 0 || value.endsWith("]")) {
            return new HostPort(checkHost(value, raw, flag), defaultPort);
        }
        String host = value.substring(0, colon);
        String portText = value.substring(colon + 1);
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new ConfigException(
                    "invalid value \"" + raw + "\" for " + flag + ": \"" + portText + "\" is not a port number");
        }
        if (port < 1 || port > 65535) {
            throw new ConfigException(
                    "invalid value \"" + raw + "\" for " + flag + ": port " + port + " is outside 1..65535");
        }
        return new HostPort(checkHost(host, raw, flag), port);
    }

    private static String checkHost(String host, String raw, String flag) throws ConfigException {
        if (host.isEmpty() || host.contains("/") || host.contains(" ")) {
            throw new ConfigException("invalid value \"" + raw + "\" for " + flag + ": expected host:port");
        }
        return host;
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
