package io.etcdj.server.node;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.etcdj.peer.Member;
import io.etcdj.server.config.ConfigException;
import io.etcdj.server.config.MemberName;
import io.etcdj.server.wal.DurableFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a standby knows of its cluster, kept in {@code <data-dir>/standby_info} as etcd 0.4.6 kept it, so a standby
 * restarted on its data dir comes back as a standby and finds the cluster again without -peers: the voters as it
 * last saw them, the leader's name ("" when unknown) and the cluster config JSON. The file is JSON with an explicit
 * {@code "format"} number; it is written to a temporary file, fsynced and renamed over the old one (then the
 * directory is fsynced), so a crash leaves the old or the new file, never half of one.
 */
record StandbyInfo(List<Member> members, String leaderName, String clusterConfig) {
    static final String FILE_NAME = "standby_info";
    static final int FORMAT = 1;
    /** A file larger than this is not one we wrote (a handful of members and three numbers). */
    static final long MAX_FILE_BYTES = 1 << 20;

    /** Members kept at most; a longer list from a peer is cut (real clusters have a handful). */
    static final int MAX_MEMBERS = 1000;

    private static final ObjectMapper JSON = new ObjectMapper();

    StandbyInfo {
        members = List.copyOf(members);
        leaderName = leaderName == null ? "" : leaderName;
        clusterConfig = clusterConfig == null ? "" : clusterConfig;
    }

    /**
     * What a peer's answer says, kept only as far as this file can hold and read it back: members with a valid name
     * and an http(s) peer and client URL (at most {@value #MAX_MEMBERS}), a leader among them, a config of at most
     * 4 KiB. A peer's answer is input like any other: it must not leave a file that stops the next start-up.
     */
    static StandbyInfo fromPeer(List<Member> members, String leaderName, String clusterConfig) {
        List<Member> valid = new ArrayList<>();
        for (Member m : members) {
            if (valid.size() < MAX_MEMBERS
                    && MemberName.problem(m.name()) == null
                    && isHttpUrl(m.peerUrl())
                    && isHttpUrl(m.clientUrl())) {
                valid.add(Member.named(m.name(), m.peerUrl(), m.clientUrl()));
            }
        }
        String leader = valid.stream().anyMatch(m -> m.name().equals(leaderName)) ? leaderName : "";
        String config = clusterConfig != null && clusterConfig.length() <= 4096 ? clusterConfig : "";
        return new StandbyInfo(valid, leader, config);
    }

    private static boolean isHttpUrl(String url) {
        return (url.startsWith("http://") || url.startsWith("https://")) && url.length() <= 2048;
    }

    static Path file(Path dataDir) {
        return dataDir.resolve(FILE_NAME);
    }

    byte[] encode() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("leader", leaderName);
        ArrayNode list = root.putArray("members");
        for (Member m : members) {
            list.addObject().put("name", m.name()).put("peerURL", m.peerUrl()).put("clientURL", m.clientUrl());
        }
        root.put("config", clusterConfig);
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @throws IllegalArgumentException saying what is wrong, for bytes that are not a standby_info we wrote */
    static StandbyInfo decode(byte[] bytes) {
        JsonNode root;
        try {
            root = JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        JsonNode format = root.get("format");
        if (format == null || !format.isInt() || format.intValue() != FORMAT) {
            throw new IllegalArgumentException(
                    "unknown format " + format + " (this build reads format " + FORMAT + ")");
        }
        JsonNode list = root.get("members");
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException("\"members\" is not a list");
        }
        List<Member> members = new ArrayList<>();
        for (JsonNode m : list) {
            String name = text(m, "name");
            String problem = MemberName.problem(name);
            if (problem != null) {
                throw new IllegalArgumentException("member name " + name + ": " + problem);
            }
            members.add(Member.named(name, url(m, "peerURL"), url(m, "clientURL")));
        }
        return new StandbyInfo(members, text(root, "leader"), text(root, "config"));
    }

    private static String url(JsonNode parent, String field) {
        String url = text(parent, field);
        if (!isHttpUrl(url)) {
            throw new IllegalArgumentException("\"" + field + "\" " + url + " is not an http(s) URL");
        }
        return url;
    }

    private static String text(JsonNode parent, String field) {
        JsonNode value = parent == null ? null : parent.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("\"" + field + "\" is missing or not a string");
        }
        return value.textValue();
    }

    /** Atomically replaces the file (see {@link DurableFiles#replace}). */
    void write(Path dataDir) throws IOException {
        DurableFiles.replace(file(dataDir), encode());
    }

    /**
     * The file in {@code dataDir}, or null when there is none.
     *
     * @throws ConfigException naming the file and what to do, when it cannot be read or is damaged
     */
    static StandbyInfo read(Path dataDir) throws ConfigException {
        Path file = file(dataDir);
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new ConfigException(file + " is larger than " + MAX_FILE_BYTES + " bytes: not a standby_info"
                        + " file; remove it to start this member with -peers instead");
            }
            return decode(Files.readAllBytes(file));
        } catch (NoSuchFileException absent) {
            return null;
        } catch (IOException e) {
            throw new ConfigException("cannot read the standby state " + file + ": " + e);
        } catch (IllegalArgumentException damaged) {
            throw new ConfigException("the standby state " + file + " is damaged (" + damaged.getMessage()
                    + "); remove it and start this member with -peers to find the cluster again");
        }
    }

    /** Removes the file durably: this member is a voter now. */
    static void delete(Path dataDir) throws IOException {
        DurableFiles.delete(file(dataDir));
    }
}
