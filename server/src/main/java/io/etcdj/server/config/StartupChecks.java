package io.etcdj.server.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Checks of the machine a setting refers to, made while the flags are read so that a bad value stops start-up
 * with exit 2 and a line naming the flag and what to give instead — not later, deep in the server, with a
 * socket's or file system's own words.
 */
final class StartupChecks {
    private StartupChecks() {}

    /** The host of a listening address must resolve: the port cannot be opened otherwise. */
    static void listenable(HostPort address, String flag, String example) throws ConfigException {
        try {
            InetAddress.getByName(address.host());
        } catch (UnknownHostException | SecurityException e) {
            throw new ConfigException(flag + " \"" + address + "\": host \"" + address.host()
                    + "\" is neither an address nor a name this machine resolves; want host:port, e.g. " + example);
        }
    }

    /** The data dir must exist as a directory, or be creatable: its nearest existing ancestor a directory. */
    static void creatableDirectory(String path, String flag) throws ConfigException {
        Path dir;
        try {
            dir = Path.of(path);
        } catch (InvalidPathException e) {
            throw new ConfigException(flag + " \"" + path + "\": not a valid path (" + e.getReason() + ")");
        }
        Path absolute = dir.toAbsolutePath();
        if (Files.exists(absolute)) {
            if (!Files.isDirectory(absolute)) {
                throw new ConfigException(flag + " \"" + dir + "\": exists but is not a directory; give a directory");
            }
            return;
        }
        Path ancestor = absolute.getParent();
        while (ancestor != null && !Files.exists(ancestor)) {
            ancestor = ancestor.getParent();
        }
        if (ancestor == null || !Files.isDirectory(ancestor) || !Files.isWritable(ancestor)) {
            throw new ConfigException(flag + " \"" + dir + "\": cannot be created"
                    + (ancestor == null ? "" : " (" + ancestor + " is not a writable directory)")
                    + "; give a directory this user may create and write");
        }
    }
}
