package io.etcdj.server.discovery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the peers registered under a token from the service's answer to {@code GET <token URL>?recursive=true}
 * ({@code {"action":"get","node":{"key":..,"dir":true,"nodes":[{"key":"<token>/<name>","value":"<peer URL>"},..]}}}),
 * leaving out this member's own registration. The answer comes from the network: a body that is not that shape is
 * refused as a whole; a registration whose value is not an http(s) URL is skipped and logged, and the others kept.
 */
final class RegistryListing {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryListing.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A URL longer than this is not a peer URL a member would advertise. */
    static final int MAX_URL_CHARS = 2048;

    private RegistryListing() {}

    /** The body is not a registry listing at all. */
    static final class NotAListing extends Exception {
        NotAListing(String message) {
            super(message);
        }
    }

    /**
     * The registered peer URLs in the listed order, without duplicates and without {@code ownName}'s.
     *
     * @throws NotAListing the body is not JSON, or not the shape above
     */
    static List<String> peers(String body, String ownName) throws NotAListing {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new NotAListing("the reply is not JSON: " + RegistryHttp.shorten(body));
        }
        if (root == null || !root.isObject()) {
            throw new NotAListing("the reply is not a JSON object: " + RegistryHttp.shorten(body));
        }
        JsonNode node = root.get("node");
        if (node == null || !node.isObject()) {
            throw new NotAListing("the reply has no \"node\" object: " + RegistryHttp.shorten(body));
        }
        JsonNode nodes = node.get("nodes");
        if (nodes == null || nodes.isNull()) {
            return List.of(); // an empty directory lists no "nodes"
        }
        if (!nodes.isArray()) {
            throw new NotAListing("\"node.nodes\" is not an array: " + RegistryHttp.shorten(body));
        }
        Set<String> peers = new LinkedHashSet<>();
        for (JsonNode child : nodes) {
            JsonNode key = child.get("key");
            if (!child.isObject() || key == null || !key.isTextual()) {
                LOG.warn(
                        "discovery: skipping a registration without a key: {}", RegistryHttp.shorten(child.toString()));
                continue;
            }
            if (key.asText().endsWith("/" + ownName)) {
                continue; // our own registration
            }
            JsonNode value = child.get("value");
            String url = value == null || !value.isTextual() ? null : peerUrl(value.asText());
            if (url == null) {
                LOG.warn(
                        "discovery: skipping registration {}: its value is not an http(s) peer URL: {}",
                        RegistryHttp.shorten(key.asText()),
                        value == null ? "(none)" : RegistryHttp.shorten(value.toString()));
                continue;
            }
            peers.add(url);
        }
        return new ArrayList<>(peers);
    }

    /** {@code text} as a peer URL ({@code http(s)://host:port}, no user info), or null when it is not one. */
    static String peerUrl(String text) {
        if (text.isEmpty() || text.length() > MAX_URL_CHARS) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            return null;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean http = scheme.equals("http") || scheme.equals("https");
        if (!http || uri.getHost() == null || uri.getPort() < 1 || uri.getRawUserInfo() != null) {
            return null;
        }
        String path = uri.getRawPath();
        if ((path != null && !path.isEmpty() && !path.equals("/"))
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            return null;
        }
        return scheme + "://" + uri.getRawAuthority();
    }
}
