package io.etcdj.server.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The body of etcd 2's {@code POST /v2/members}: {@code {"peerURLs":["http://10.0.0.10:2380"]}}. Checked as etcd
 * 3.4's {@code types.NewURLs} checks it, with its messages (which clients show), plus etcdj's rule that a member has
 * exactly one peer URL.
 */
final class MemberCreateRequest {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private MemberCreateRequest() {}

    /**
     * @return the peer URL as {@code scheme://host:port}
     * @throws IllegalArgumentException with the message for the client (HTTP 400)
     */
    static String peerUrl(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("the body is not JSON: " + firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(
                    "the body must be a JSON object such as {\"peerURLs\":[\"http://10.0.0.10:7001\"]}");
        }
        JsonNode urls = root.get("peerURLs");
        if (urls == null || urls.isNull() || (urls.isArray() && urls.isEmpty())) {
            throw new IllegalArgumentException("no valid URLs given");
        }
        if (!urls.isArray()) {
            throw new IllegalArgumentException("peerURLs must be an array of strings");
        }
        if (urls.size() != 1) {
            throw new IllegalArgumentException("an etcdj member has exactly one peer URL; " + urls.size() + " given");
        }
        JsonNode url = urls.get(0);
        if (!url.isTextual()) {
            throw new IllegalArgumentException("peerURLs must be an array of strings");
        }
        return canonical(url.asText().trim());
    }

    /** {@code scheme://host:port}, or the reason (etcd's wording) why {@code in} is not a peer URL. */
    static String canonical(String in) {
        URI uri;
        try {
            uri = new URI(in);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("parse " + quote(in) + ": " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("URL scheme must be http or https: " + in);
        }
        if (uri.getHost() == null || uri.getHost().isEmpty() || uri.getPort() < 0) {
            throw new IllegalArgumentException("URL address does not have the form \"host:port\": " + in);
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            throw new IllegalArgumentException("URL port must be 1 to 65535: " + in);
        }
        // etcd refuses even "/"; a trailing slash is accepted here and dropped, so http://h:1/ is http://h:1.
        if (uri.getRawPath() != null
                && !uri.getRawPath().isEmpty()
                && !uri.getRawPath().equals("/")) {
            throw new IllegalArgumentException("URL must not contain a path: " + in);
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("URL must be scheme://host:port and nothing else: " + in);
        }
        return scheme + "://" + uri.getHost() + ":" + uri.getPort();
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "malformed";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
