package io.etcdj.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.etcdj.peer.Member;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JoinCheckTest {
    @ParameterizedTest(name = "{0} {1} {2} with {3} peers: {4}")
    @CsvSource(
            delimiter = '|',
            value = {
                "machine2 | http://127.0.0.1:7002 | http://127.0.0.1:4002 | http  | ok",
                "machine2 | https://10.0.0.2:7001 | https://10.0.0.2:4001 | https | ok",
                "m.2_x-y  | http://[::1]:7002     | http://host.example/  | http  | ok",
                "machine2 | https://127.0.0.1:7002 | http://127.0.0.1:4002 | http | peer URL",
                "machine2 | http://127.0.0.1:7002 | http://127.0.0.1:4002 | https | peer URL",
                "machine2 | ftp://x y             | http://127.0.0.1:4002 | http  | peer URL",
                "machine2 | http://                | http://127.0.0.1:4002 | http  | peer URL",
                "machine2 | http://u:p@h:7002      | http://127.0.0.1:4002 | http  | peer URL",
                "machine2 | http://h:7002/x        | http://127.0.0.1:4002 | http  | peer URL",
                "machine2 | http://h:70000         | http://127.0.0.1:4002 | http  | peer URL",
                "machine2 | http://h:7002          | file:///etc/passwd    | http  | client URL",
                "machine2 | http://h:7002          | http://h:4002?x=1     | http  | client URL",
                "a/b      | http://h:7002          | http://h:4002         | http  | name",
                "..       | http://h:7002          | http://h:4002         | http  | name",
                "'a b'    | http://h:7002          | http://h:4002         | http  | name",
                "''       | http://h:7002          | http://h:4002         | http  | name",
            })
    void joinRequests(String name, String peerUrl, String clientUrl, String scheme, String expected) {
        String problem = JoinCheck.problem(Member.named(name, peerUrl, clientUrl), scheme);
        if (expected.equals("ok")) {
            assertNull(problem);
        } else {
            assertNotNull(problem);
            assertEquals(
                    true,
                    problem.startsWith("invalid " + (expected.equals("name") ? "member name" : expected)),
                    problem);
        }
    }
}
