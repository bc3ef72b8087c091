package io.etcdj.store;

import java.util.ArrayList;

/** Key normalisation as etcd does it: Go's {@code path.Clean("/" + key)}, plus the small path helpers the tree needs. */
final class KeyPaths {
    private KeyPaths() {}

    /**
     * Cleans {@code "/" + key} like Go's path.Clean: no empty, "." or ".." components, no trailing slash, "/" for the
     * root. Keys that are already clean (the usual case on the hot path) are returned as they are, without copying.
     */
    static String clean(String key) {
        if (key == null || key.isEmpty()) {
            return "/";
        }
        if (key.charAt(0) == '/' && isClean(key)) {
            return key;
        }
        return slowClean(key);
    }

    /** True if a rooted path has no empty, "." or ".." component and no trailing slash (except the root itself). */
    private static boolean isClean(String p) {
        int n = p.length();
        if (n == 1) {
            return true;
        }
        if (p.charAt(n - 1) == '/') {
            return false;
        }
        int start = 1;
        while (start <= n) {
            int end = p.indexOf('/', start);
            if (end < 0) {
                end = n;
            }
            int len = end - start;
            if (len == 0) {
                return false;
            }
            if (p.charAt(start) == '.' && (len == 1 || (len == 2 && p.charAt(start + 1) == '.'))) {
                return false;
            }
            start = end + 1;
        }
        return true;
    }

    private static String slowClean(String key) {
        ArrayList<String> parts = new ArrayList<>();
        int n = key.length();
        int start = 0;
        while (start <= n) {
            int end = key.indexOf('/', start);
            if (end < 0) {
                end = n;
            }
            String part = key.substring(start, end);
            if (part.equals("..")) {
                // ".." at the root stays at the root, as in Go.
                if (!parts.isEmpty()) {
                    parts.remove(parts.size() - 1);
                }
            } else if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
            start = end + 1;
        }
        if (parts.isEmpty()) {
            return "/";
        }
        StringBuilder sb = new StringBuilder(n + 1);
        for (String part : parts) {
            sb.append('/').append(part);
        }
        return sb.toString();
    }

    /** The last component of a clean path ("" for the root). */
    static String baseName(String cleanPath) {
        return cleanPath.substring(cleanPath.lastIndexOf('/') + 1);
    }

    /** Joins a clean directory path and a child name. */
    static String child(String dirPath, String name) {
        return dirPath.length() == 1 ? "/" + name : dirPath + "/" + name;
    }

    /**
     * etcd's watcher_hub isHidden: is {@code keyPath}, seen from the watched path {@code watchPath} (an ancestor, or
     * the key itself), inside a component that starts with '_'? A watch path deeper than the key (a descendant of a
     * deleted directory) never hides.
     */
    static boolean isHiddenFrom(String watchPath, String keyPath) {
        if (watchPath.length() >= keyPath.length()) {
            return false;
        }
        // For the root, the remainder has no leading slash; otherwise it starts with one.
        int from = watchPath.length() == 1 ? 1 : watchPath.length() + 1;
        if (keyPath.charAt(from) == '_') {
            return true;
        }
        return keyPath.indexOf("/_", from) >= 0;
    }

    /** The 20-digit zero-padded decimal that names a unique (POST) key, without String.format. */
    static String uniqueName(long index) {
        String digits = Long.toString(index);
        StringBuilder sb = new StringBuilder(20);
        for (int i = digits.length(); i < 20; i++) {
            sb.append('0');
        }
        return sb.append(digits).toString();
    }
}
