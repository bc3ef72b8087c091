package io.etcdj.server.discovery;

import java.net.URI;

/**
 * A discovery URL as logs and error messages show it. The URL is a capability (whoever knows it can register
 * members into the cluster), so only its scheme, host, port and path are shown, with the token (the last path
 * segment) cut to its first 8 characters: enough to tell two tokens apart, not enough to use one. User info and the
 * query are dropped.
 */
public final class RedactedUrl {
    /** Characters of the token kept. */
    static final int TOKEN_CHARS_SHOWN = 8;

    private RedactedUrl() {}

    /** {@code https://discovery.etcd.io/3e86b59982e49066c5d813af1c2e2579cbf573de} → {@code https://discovery.etcd.io/3e86b599...}. */
    public static String of(String url) {
        if (url == null) {
            return "(none)";
        }
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            return "(an unparsable URL)";
        }
        StringBuilder sb = new StringBuilder();
        if (uri.getScheme() != null) {
            sb.append(uri.getScheme()).append("://");
        }
        if (uri.getHost() != null) {
            sb.append(uri.getHost());
            if (uri.getPort() >= 0) {
                sb.append(':').append(uri.getPort());
            }
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        int lastSlash = trimmed.lastIndexOf('/');
        String token = trimmed.substring(lastSlash + 1);
        sb.append(trimmed, 0, lastSlash + 1);
        if (token.length() > TOKEN_CHARS_SHOWN) {
            sb.append(token, 0, TOKEN_CHARS_SHOWN).append("...");
        } else {
            sb.append(token);
        }
        return sb.toString();
    }

    static String of(URI url) {
        return of(url.toString());
    }
}
