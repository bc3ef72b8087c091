package io.etcdj.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every refusal of the keyspace against one fixed tree: the code, etcd's cause and the unchanged index. The tree:
 * /file=v (1), /dir (2, with /dir/child=c), /empty (4, empty dir).
 */
class ErrorCodesTest {
    @FunctionalInterface
    interface Op {
        void run(Store s) throws StoreException;
    }

    private final V2Store store = new V2Store(new TestClock());

    @BeforeEach
    void tree() throws StoreException {
        store.set("/file", false, "v", null);
        store.set("/dir/child", false, "c", null);
        store.set("/dir/other", false, "o", null);
        store.set("/empty", true, null, null);
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                arguments("get missing", (Op) s -> s.get("/nope", false, false), ErrorCode.KEY_NOT_FOUND, "/nope"),
                arguments(
                        "get missing deep: cause is the first missing prefix",
                        (Op) s -> s.get("/nope/a/b", false, false),
                        ErrorCode.KEY_NOT_FOUND,
                        "/nope"),
                arguments("get through a file", (Op) s -> s.get("/file/x", false, false), ErrorCode.NOT_DIR, "/file"),
                arguments("set root", (Op) s -> s.set("/", false, "x", null), ErrorCode.ROOT_READ_ONLY, "/"),
                arguments(
                        "set root after cleaning",
                        (Op) s -> s.set("/a/..", false, "x", null),
                        ErrorCode.ROOT_READ_ONLY,
                        "/"),
                arguments("set over a dir", (Op) s -> s.set("/dir", false, "x", null), ErrorCode.NOT_FILE, "/dir"),
                arguments("set dir over a dir", (Op) s -> s.set("/dir", true, null, null), ErrorCode.NOT_FILE, "/dir"),
                arguments(
                        "set under a file", (Op) s -> s.set("/file/x/y", false, "x", null), ErrorCode.NOT_DIR, "/file"),
                arguments(
                        "create existing",
                        (Op) s -> s.create("/file", false, "x", false, null),
                        ErrorCode.NODE_EXIST,
                        "/file"),
                arguments(
                        "create existing dir",
                        (Op) s -> s.create("/dir", true, null, false, null),
                        ErrorCode.NODE_EXIST,
                        "/dir"),
                arguments(
                        "create root", (Op) s -> s.create("/", false, "x", false, null), ErrorCode.ROOT_READ_ONLY, "/"),
                arguments(
                        "create unique under a file",
                        (Op) s -> s.create("/file", false, "x", true, null),
                        ErrorCode.NOT_DIR,
                        "/file"),
                arguments("update missing", (Op) s -> s.update("/nope", "x", null), ErrorCode.KEY_NOT_FOUND, "/nope"),
                arguments("update dir with a value", (Op) s -> s.update("/dir", "x", null), ErrorCode.NOT_FILE, "/dir"),
                arguments("update root", (Op) s -> s.update("/", "", null), ErrorCode.ROOT_READ_ONLY, "/"),
                arguments(
                        "cas missing",
                        (Op) s -> s.compareAndSwap("/nope", "v", 0, "x", null),
                        ErrorCode.KEY_NOT_FOUND,
                        "/nope"),
                arguments("cas dir", (Op) s -> s.compareAndSwap("/dir", "v", 0, "x", null), ErrorCode.NOT_FILE, "/dir"),
                arguments(
                        "cas root", (Op) s -> s.compareAndSwap("/", "v", 0, "x", null), ErrorCode.ROOT_READ_ONLY, "/"),
                arguments(
                        "cas value",
                        (Op) s -> s.compareAndSwap("/file", "w", 0, "x", null),
                        ErrorCode.TEST_FAILED,
                        "[w != v]"),
                arguments(
                        "cas index",
                        (Op) s -> s.compareAndSwap("/file", null, 7, "x", null),
                        ErrorCode.TEST_FAILED,
                        "[7 != 1]"),
                arguments(
                        "cas value ok, index wrong",
                        (Op) s -> s.compareAndSwap("/file", "v", 7, "x", null),
                        ErrorCode.TEST_FAILED,
                        "[7 != 1]"),
                arguments(
                        "cas index ok, value wrong",
                        (Op) s -> s.compareAndSwap("/file", "w", 1, "x", null),
                        ErrorCode.TEST_FAILED,
                        "[w != v]"),
                arguments(
                        "cas both wrong",
                        (Op) s -> s.compareAndSwap("/file", "w", 7, "x", null),
                        ErrorCode.TEST_FAILED,
                        "[w != v] [7 != 1]"),
                arguments(
                        "delete missing", (Op) s -> s.delete("/nope", false, false), ErrorCode.KEY_NOT_FOUND, "/nope"),
                arguments("delete root", (Op) s -> s.delete("/", true, true), ErrorCode.ROOT_READ_ONLY, "/"),
                arguments(
                        "delete dir without dir",
                        (Op) s -> s.delete("/empty", false, false),
                        ErrorCode.NOT_FILE,
                        "/empty"),
                arguments(
                        "delete non-empty dir with dir only",
                        (Op) s -> s.delete("/dir", true, false),
                        ErrorCode.DIR_NOT_EMPTY,
                        "/dir"),
                arguments(
                        "delete through a file",
                        (Op) s -> s.delete("/file/x", false, false),
                        ErrorCode.NOT_DIR,
                        "/file"),
                arguments(
                        "cad missing", (Op) s -> s.compareAndDelete("/nope", "v", 0), ErrorCode.KEY_NOT_FOUND, "/nope"),
                arguments("cad dir", (Op) s -> s.compareAndDelete("/dir", "v", 0), ErrorCode.NOT_FILE, "/dir"),
                arguments("cad root", (Op) s -> s.compareAndDelete("/", "v", 0), ErrorCode.NOT_FILE, "/"),
                arguments(
                        "cad value", (Op) s -> s.compareAndDelete("/file", "w", 0), ErrorCode.TEST_FAILED, "[w != v]"),
                arguments(
                        "cad both",
                        (Op) s -> s.compareAndDelete("/file", "w", 9),
                        ErrorCode.TEST_FAILED,
                        "[w != v] [9 != 1]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusesWithEtcdsCodeCauseAndIndex(String name, Op op, ErrorCode code, String cause) throws StoreException {
        String before = new String(store.save());
        StoreException e = assertThrows(StoreException.class, () -> op.run(store));
        assertEquals(code, e.errorCode());
        assertEquals(cause, e.errorCause());
        assertEquals(4, e.index(), "a failure reports the current index");
        assertEquals(4, store.index(), "a failure takes no index");
        assertEquals(before, new String(store.save()), "a failure leaves the tree as it was");
    }
}
