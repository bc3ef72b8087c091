package io.etcdj.server.wal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the log of a data dir that another process may be writing, changing nothing: the same checks as
 * {@link Wal#open} (CRC per record, cut-back detection, a torn unsynced tail of the last segment ignored), but no
 * tail is erased, no leftover removed, no file mode changed and no segment created. What it returns is what a
 * restart of that member at this moment would recover.
 */
public final class LogReader {
    /** Entries above the snapshot index, contiguous and in order, and the last hard state written. */
    public record Contents(List<LogEntry> entries, HardState hardState) {}

    private LogReader() {}

    /**
     * @param snapshotIndex the index of the snapshot the log continues from (0 without one)
     * @throws WalCorruptionException naming the file and offset of damage
     */
    public static Contents read(Path dir, long snapshotIndex) throws IOException {
        if (!Files.isDirectory(dir)) {
            if (snapshotIndex > 0) {
                throw new WalCorruptionException(
                        dir, 0, "the WAL directory is missing, but a snapshot file is at index " + snapshotIndex);
            }
            return new Contents(List.of(), HardState.EMPTY);
        }
        Recovery found = Recovery.read(dir, snapshotIndex, new RecordCodec(), true);
        return new Contents(List.copyOf(found.log.entries()), found.log.hardState());
    }
}
