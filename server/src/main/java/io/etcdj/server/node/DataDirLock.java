package io.etcdj.server.node;

import io.etcdj.server.config.ConfigException;
import io.etcdj.server.wal.OwnerOnly;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;

/**
 * An exclusive lock on a data dir, so two processes can never write the same log. The data dir holds every key
 * and value, so it is its owner's only: created 0700 (an existing looser one is tightened, with a log line), the
 * lock file 0600.
 */
public final class DataDirLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Creates the data dir (and missing parents) 0700, or tightens an existing one to 0700. */
    public static void createOwnerOnly(Path dataDir) throws IOException {
        OwnerOnly.directory(dataDir);
    }

    public static DataDirLock acquire(Path dataDir) throws ConfigException, IOException {
        Path file = dataDir.resolve("lock");
        FileChannel channel = OwnerOnly.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE));
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            throw new ConfigException(
                    "data dir " + dataDir + " is in use by another etcd process (" + file + " is locked)");
        }
        OwnerOnly.files(dataDir, List.of(file)); // an earlier build made it 0644
        return new DataDirLock(channel, lock);
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
