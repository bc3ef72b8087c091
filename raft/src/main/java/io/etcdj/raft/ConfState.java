package io.etcdj.raft;

import java.util.List;
import java.util.TreeSet;

/** The voting membership at some point of the log, with the ids sorted ascending and distinct. */
public record ConfState(List<Long> voters) {
    public static final ConfState EMPTY = new ConfState(List.of());

    public ConfState {
        voters = List.copyOf(new TreeSet<>(voters));
    }

    public static ConfState of(long... ids) {
        TreeSet<Long> set = new TreeSet<>();
        for (long id : ids) {
            set.add(id);
        }
        return new ConfState(List.copyOf(set));
    }

    @Override
    public String toString() {
        return "Voters:" + voters;
    }
}
