package io.etcdj.raft;

/** Where Raft says what it does; tests capture it into transcripts, the server forwards it to SLF4J. */
public interface RaftLogger {
    RaftLogger NOOP = new RaftLogger() {
        @Override
        public void info(String message) {}

        @Override
        public void warn(String message) {}
    };

    void info(String message);

    void warn(String message);
}
