package io.etcdj.store;

/**
 * etcd 0.4.6's error codes and messages (error/error.go). The HTTP status each maps to is the HTTP layer's business,
 * not the store's.
 */
public enum ErrorCode {
    KEY_NOT_FOUND(100, "Key not found"),
    TEST_FAILED(101, "Compare failed"),
    NOT_FILE(102, "Not a file"),
    NO_MORE_PEER(103, "Reached the max number of peers in the cluster"),
    NOT_DIR(104, "Not a directory"),
    NODE_EXIST(105, "Key already exists"),
    KEYWORD_PREFIX(106, "The prefix of given key is a keyword in etcd"),
    ROOT_READ_ONLY(107, "Root is read only"),
    DIR_NOT_EMPTY(108, "Directory not empty"),
    EXISTING_PEER_ADDR(109, "Peer address has existed"),

    VALUE_REQUIRED(200, "Value is Required in POST form"),
    PREV_VALUE_REQUIRED(201, "PrevValue is Required in POST form"),
    TTL_NAN(202, "The given TTL in POST form is not a number"),
    INDEX_NAN(203, "The given index in POST form is not a number"),
    VALUE_OR_TTL_REQUIRED(204, "Value or TTL is required in POST form"),
    TIMEOUT_NAN(205, "The given timeout in POST form is not a number"),
    NAME_REQUIRED(206, "Name is required in POST form"),
    INDEX_OR_VALUE_REQUIRED(207, "Index or value is required"),
    INDEX_VALUE_MUTEX(208, "Index and value cannot both be specified"),
    INVALID_FIELD(209, "Invalid field"),
    /** From etcd 2+: a form (query string or body) that cannot be parsed, or a body over the size limit. */
    INVALID_FORM(210, "Invalid POST form"),

    RAFT_INTERNAL(300, "Raft Internal Error"),
    LEADER_ELECT(301, "During Leader Election"),

    WATCHER_CLEARED(400, "watcher is cleared due to etcd recovery"),
    EVENT_INDEX_CLEARED(401, "The event in requested index is outdated and cleared"),

    STANDBY_INTERNAL(402, "Standby Internal Error"),
    CLIENT_INTERNAL(500, "Client Internal Error");

    private final int code;
    private final String message;

    ErrorCode(int code, String message) {
        this.code = code;
        this.message = message;
    }

    public int code() {
        return code;
    }

    public String message() {
        return message;
    }
}
