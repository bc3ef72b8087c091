package io.etcdj.server.wal;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a WAL directory and decides whether the log in it can be continued from the snapshot we start from,
 * without changing any file: a refusal leaves the data dir exactly as found, for an operator (or a backup tool) to
 * inspect. Besides damaged records (see {@link SegmentReplay}) it refuses a log that was cut back at a record
 * boundary, which no checksum can see, using what was written after the lost records:
 * <ul>
 *   <li>every version-2 segment starts with a SNAPSHOT marker, fsynced before the file got its name, so a segment
 *       truncated to its header (or zeroed) is refused;</li>
 *   <li>a segment starts with the index its first entry was to have, so the segment before it must reach that;</li>
 *   <li>the newest snapshot file was saved from entries the log held (or its SNAPSHOT/SNAPSHOT_INSTALLED marker
 *       is in the log), so the log must reach its index;</li>
 *   <li>the last hard state's commit index was acknowledged, so the log must reach it.</li>
 * </ul>
 * A log made of version-1 segments only (etcdj's first format) has no markers: only the commit check applies.
 */
final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    final List<Segment> segments;
    final LogReplay log;
    /** Where the log ends in the last segment (null without segments); torn or void bytes after it are erased. */
    SegmentReplay.End end;

    private Recovery(List<Segment> segments, LogReplay log) {
        this.segments = segments;
        this.log = log;
    }

    static Recovery read(Path dir, long snapshotIndex, RecordCodec codec) throws IOException {
        return read(dir, snapshotIndex, codec, false);
    }

    /** readOnly: leaves leftover temp segments and file modes alone (a backup reads a running member's dir). */
    static Recovery read(Path dir, long snapshotIndex, RecordCodec codec, boolean readOnly) throws IOException {
        Recovery r = new Recovery(listSegments(dir, readOnly), new LogReplay(snapshotIndex));
        if (r.segments.isEmpty()) {
            if (snapshotIndex > 0) {
                throw new WalCorruptionException(
                        dir,
                        0,
                        "the WAL directory holds no segment, but the newest" + " snapshot file is at index "
                                + snapshotIndex + ": the log was deleted");
            }
            return r;
        }
        SegmentReplay.End before = null;
        long segmentBytes = 0;
        for (Segment s : r.segments) {
            segmentBytes += Files.size(s.path);
        }
        ReplayProgress progress = new ReplayProgress(segmentBytes);
        for (int i = 0; i < r.segments.size(); i++) {
            before = r.replaySegment(i, before, codec, progress);
        }
        progress.done();
        r.end = before;
        r.checkEnd(snapshotIndex);
        return r;
    }

    /** Segments sorted by sequence, which must have no gaps; leftovers of unfinished creates are removed. */
    private static List<Segment> listSegments(Path dir, boolean readOnly) throws IOException {
        List<Segment> segments = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files.sorted()::iterator) {
                if (p.getFileName().toString().endsWith(".wal.tmp")) {
                    // A spare, or a segment whose creation crashed before its rename: never used. A running
                    // member's spare is in use by it, so a reader leaves it.
                    if (!readOnly) {
                        Files.delete(p);
                    }
                    continue;
                }
                Segment s = Segment.parse(p);
                if (s == null) {
                    continue;
                }
                if (!segments.isEmpty() && s.seq != segments.get(segments.size() - 1).seq + 1) {
                    throw new WalCorruptionException(
                            p,
                            0,
                            "segment sequence gap or disorder: expected sequence "
                                    + (segments.get(segments.size() - 1).seq + 1) + " after "
                                    + segments.get(segments.size() - 1).path.getFileName());
                }
                segments.add(s);
            }
        }
        if (!readOnly) {
            OwnerOnly.files(dir, segments.stream().map(s -> s.path).toList()); // an earlier build made them 0644
        }
        return segments;
    }

    /** Replays segment i (endBefore: where the log in segment i - 1 ended) and returns where its log ends. */
    private SegmentReplay.End replaySegment(
            int i, SegmentReplay.End endBefore, RecordCodec codec, ReplayProgress progress) throws IOException {
        Segment seg = segments.get(i);
        boolean last = i == segments.size() - 1;
        try (FileChannel ch = FileChannel.open(seg.path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > RecordCodec.MAX_RECORD) {
                throw new WalCorruptionException(seg.path, 0, "segment of " + size + " bytes is too large");
            }
            MappedByteBuffer b = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
            b.order(ByteOrder.LITTLE_ENDIAN);
            seg.checkHeader(b);
            SegmentReplay.End segEnd = SegmentReplay.replay(seg, b, last, codec, log, progress);
            if (i > 0 && !seg.legacy() && !segments.get(i - 1).legacy() && log.reached() < seg.firstIndex - 1) {
                Segment before = segments.get(i - 1);
                throw new WalCorruptionException(
                        before.path,
                        endBefore.offset(),
                        "this segment"
                                + " ends at index " + log.reached() + ", but the next one (" + seg.path.getFileName()
                                + ") was started after index " + (seg.firstIndex - 1) + ": records at the end of this"
                                + " segment were lost (cut back)");
            }
            return segEnd;
        }
    }

    /** The checks that need the whole log; see the class comment. */
    private void checkEnd(long snapshotIndex) throws WalCorruptionException {
        Segment lastSeg = segments.get(segments.size() - 1);
        boolean markersKept = segments.stream().anyMatch(s -> !s.legacy());
        long unbacked = log.unbackedInstall();
        if (unbacked >= 0) {
            if (!log.unbackedFile().equals(lastSeg.path)) {
                throw new WalCorruptionException(
                        log.unbackedFile(),
                        log.unbackedOffset(),
                        "a snapshot from the"
                                + " leader at index " + unbacked
                                + " has no valid snapshot file, yet the log went on into"
                                + " a later segment");
            }
            // Its file never reached the disk (crash between marker and file): nothing after it was acknowledged.
            LOG.warn(
                    "WAL {}: offset {}: a snapshot from the leader at index {} was being installed when the"
                            + " process stopped, and its file was never written; continuing from the log before it (the"
                            + " leader sends it again)",
                    log.unbackedFile(),
                    log.unbackedOffset(),
                    unbacked);
            end = new SegmentReplay.End((int) log.unbackedOffset(), Math.max(end.dirtyUntil(), end.offset()));
        }
        long lastIndex = log.lastIndex();
        if (markersKept && log.reached() < snapshotIndex) {
            throw new WalCorruptionException(
                    lastSeg.path,
                    end.offset(),
                    "the log ends here at index "
                            + Math.max(0, log.reached()) + ", but the newest snapshot file is at index " + snapshotIndex
                            + ", which the log must have reached: the log was cut back and entries after index "
                            + Math.max(0, log.reached()) + " are missing");
        }
        HardState hs = log.hardState();
        if (hs.commit() > lastIndex) {
            throw new WalCorruptionException(
                    lastSeg.path,
                    end.offset(),
                    "the log ends here at index " + lastIndex
                            + ", but the hard state at " + log.hardStateFile() + " offset " + log.hardStateOffset()
                            + " says entries up to index " + hs.commit() + " were committed: the log was cut back and"
                            + " acknowledged entries are missing");
        }
    }
}
