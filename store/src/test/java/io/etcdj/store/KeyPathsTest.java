package io.etcdj.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyPathsTest {
    @ParameterizedTest(name = "clean({0}) = {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "''|/",
                "/|/",
                "foo|/foo",
                "/foo|/foo",
                "/foo/|/foo",
                "//foo//bar|/foo/bar",
                "/foo//bar/../baz/|/foo/baz",
                "/./a/./b/.|/a/b",
                "/..|/",
                "../../x|/x",
                "/a/b/..|/a",
                "/a/..b/.c|/a/..b/.c",
                "/_etcd/machines|/_etcd/machines",
            })
    void cleansLikeGoPathClean(String key, String expected) {
        assertEquals(expected, KeyPaths.clean(key));
    }

    @ParameterizedTest(name = "isHiddenFrom({0}, {1}) = {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "/|/_etcd/machines/x|true",
                "/_etcd|/_etcd/machines/x|false",
                "/foo|/foo/_bar|true",
                "/foo|/foo/bar/_baz/q|true",
                "/foo|/foo/bar|false",
                "/foo/bar|/foo|false",
                "/foo|/foo|false",
                "/|/a_b|false",
            })
    void hiddenRule(String watchPath, String key, boolean hidden) {
        assertEquals(hidden, KeyPaths.isHiddenFrom(watchPath, key));
    }

    @ParameterizedTest
    @CsvSource({"1,00000000000000000001", "1234567,00000000000001234567"})
    void uniqueNamesAreZeroPadded(long index, String expected) {
        assertEquals(expected, KeyPaths.uniqueName(index));
    }
}
