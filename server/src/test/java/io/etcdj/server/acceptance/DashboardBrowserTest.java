package io.etcdj.server.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.etcdj.server.acceptance.EtcdCluster.Member;
import io.etcdj.server.acceptance.EtcdCluster.Resp;
import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser (Debian's chromium driven through Debian's chromedriver, headless) against a
 * three-member cluster of real processes, opened on a follower: a key created and edited through the page is seen
 * by curl (value and TTL), a write's error shows etcd's error JSON, a curl write appears in the page's watch list, the
 * cluster view names the leader and its followers' stats, and after the leader process is stopped the page shows the
 * new leader and lists the change. Also the static handler's contract (types, CSP, no traversal) with curl.
 *
 * <p>No network: the driver and the browser binary are given explicitly (Selenium Manager is never asked to find or
 * download one), and the browser's proxy is a closed loopback port, so anything but loopback would fail.
 */
@ExtendWith(LogTailOnFailure.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "dashboard-screenshots");
    private static final int ELECTION_SECONDS = 30;
    /** Each DOM wait: the page refreshes every 2 s, a busy 2-core machine can be slow. */
    private static final Duration UI_WAIT = Duration.ofSeconds(30);

    private Path tmp;
    private EtcdCluster cluster;
    private List<Member> all;

    @BeforeAll
    void startCluster(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path tmp) throws Exception {
        this.tmp = tmp;
        cluster = new EtcdCluster(tmp);
        all = cluster.startSeedThree();
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void staticFilesAreServedWithTheirTypesAndAStrictPolicyAndNothingElse() throws Exception {
        Member m = all.get(1);
        Resp redirect = cluster.curl(m.clientUrl() + "/dashboard");
        assertEquals(301, redirect.status(), redirect.toString());
        assertEquals("/dashboard/", redirect.header("Location"));

        Resp index = cluster.curl(m.clientUrl() + "/dashboard/");
        assertEquals(200, index.status(), index.toString());
        assertEquals("text/html; charset=utf-8", index.header("Content-Type"));
        assertTrue(index.body().contains("<script type=\"module\" src=\"app.js\">"), index.body());
        String csp = index.header("Content-Security-Policy");
        assertTrue(csp != null && csp.startsWith("default-src 'self'; connect-src 'self' "), "CSP: " + csp);
        for (Member other : all) {
            assertTrue(csp.contains(other.clientUrl()), "CSP connects to every member's client URL: " + csp);
        }
        assertEquals("no-cache", index.header("Cache-Control"));

        Map<String, String> types = Map.of(
                "app.js", "text/javascript; charset=utf-8",
                "style.css", "text/css; charset=utf-8",
                "logo.svg", "image/svg+xml");
        for (Map.Entry<String, String> t : types.entrySet()) {
            Resp r = cluster.curl(m.clientUrl() + "/dashboard/" + t.getKey());
            assertEquals(200, r.status(), r.toString());
            assertEquals(t.getValue(), r.header("Content-Type"), t.getKey());
        }
        // Nothing outside the resource dir, however the path is spelled (curl --path-as-is keeps the dots).
        for (String bad : List.of(
                "/dashboard/../../etc/passwd",
                "/dashboard/%2e%2e/etcdj/server/Main.class",
                "/dashboard/..%2fMETA-INF/MANIFEST.MF",
                "/dashboard//app.js",
                "/dashboard/app.js/",
                "/dashboard/nonexistent.js",
                "/dashboard/APP.JS",
                "/dashboard/app.java")) {
            Resp r = cluster.curl("--path-as-is", m.clientUrl() + bad);
            // 404 from the handler, or 400 from Jetty for a path that climbs above the root.
            assertTrue(r.status() == 404 || r.status() == 400, bad + " -> " + r);
        }
        Resp post = cluster.curl("-X", "POST", m.clientUrl() + "/dashboard/app.js");
        assertEquals(405, post.status(), post.toString());

        // The members allow each other's client origins (a follower's page follows a write's 307 to the leader),
        // and still no foreign origin.
        Resp fromMember = cluster.curl("-H", "Origin: " + all.get(0).clientUrl(), m.clientUrl() + "/v2/keys/");
        assertEquals(all.get(0).clientUrl(), fromMember.header("Access-Control-Allow-Origin"));
        Resp foreign = cluster.curl("-H", "Origin: http://evil.example:4001", m.clientUrl() + "/v2/keys/");
        assertNull(
                foreign.header("Access-Control-Allow-Origin"), foreign.headers().toString());
    }

    @Test
    @Order(2)
    void operatorUsesTheDashboardOnAFollowerThroughALeaderChange() throws Exception {
        Files.createDirectories(SCREENSHOTS);
        try (Browser browser = Browser.start(tmp.resolve("browser-1"))) {
            WebDriver driver = browser.driver();
            WebDriverWait wait = new WebDriverWait(driver, UI_WAIT);
            Member follower = openOnAFollower(driver, wait);

            // Create a key with a TTL through the page; curl sees it (value and ttl).
            type(driver, "key-name", "/dash/greeting");
            type(driver, "key-value", "hello from the browser");
            type(driver, "key-ttl", "300");
            driver.findElement(By.id("key-save")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("key-status"), "set /dash/greeting"));
            wait.until(ExpectedConditions.textToBe(By.id("view-value"), "hello from the browser"));
            JsonNode node = curlKey(follower, "/dash/greeting");
            assertEquals("hello from the browser", node.path("value").asText(), node.toString());
            long ttl = node.path("ttl").asLong();
            assertTrue(ttl > 0 && ttl <= 300, "ttl " + ttl);
            wait.until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#keys-list button[data-key='/dash/greeting']")));

            // Edit it (no TTL now: it becomes permanent).
            type(driver, "key-value", "edited");
            type(driver, "key-ttl", "");
            driver.findElement(By.id("key-save")).click();
            wait.until(ExpectedConditions.textToBe(By.id("view-value"), "edited"));
            node = curlKey(follower, "/dash/greeting");
            assertEquals("edited", node.path("value").asText(), node.toString());
            assertTrue(node.path("ttl").isMissingNode(), "no ttl after the edit: " + node);

            // A write the API refuses shows etcd's error JSON.
            type(driver, "key-name", "/dash/greeting/child");
            type(driver, "key-value", "x");
            driver.findElement(By.id("key-save")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("key-error"), "errorCode 104"));
            assertTrue(text(driver, "key-error").contains("Not a directory"), text(driver, "key-error"));
            assertTrue(text(driver, "key-error").contains("cause: /dash/greeting"), text(driver, "key-error"));

            // Watch /dash recursively; a curl write appears in the list.
            type(driver, "watch-key", "/dash");
            driver.findElement(By.id("watch-start")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("watch-status"), "watching /dash"));
            Resp put = cluster.curl(
                    "-L",
                    "-X",
                    "PUT",
                    follower.clientUrl() + "/v2/keys/dash/from-curl",
                    "--data-urlencode",
                    "value=written by curl");
            assertEquals(201, put.status(), put.toString());
            wait.until(ExpectedConditions.textToBePresentInElementLocated(
                    By.id("watch-events"), "set /dash/from-curl = written by curl"));

            // Delete through the page (confirmed); curl no longer finds it. (The dir is re-read first: the list
            // shows the dir as it was when opened.)
            driver.findElement(By.cssSelector("#keys-crumbs button[data-dir='/dash']"))
                    .click();
            // The re-read is asynchronous: wait for the new list to show the key (a busy host may take a while).
            wait.until(ExpectedConditions.elementToBeClickable(
                            By.cssSelector("#keys-list button[data-key='/dash/from-curl']")))
                    .click();
            wait.until(ExpectedConditions.textToBe(By.id("view-value"), "written by curl"));
            driver.findElement(By.id("key-delete")).click();
            wait.until(ExpectedConditions.alertIsPresent()).accept();
            wait.until(
                    ExpectedConditions.textToBePresentInElementLocated(By.id("key-status"), "delete /dash/from-curl"));
            assertEquals(
                    404,
                    cluster.curl(follower.clientUrl() + "/v2/keys/dash/from-curl")
                            .status());
            wait.until(ExpectedConditions.textToBePresentInElementLocated(
                    By.id("watch-events"), "delete /dash/from-curl"));

            // The cluster view: three members, a leader named, its two followers' stats (fetched through the 307
            // to the leader).
            wait.until(
                    d -> d.findElements(By.cssSelector("#cluster-members tr")).size() == 3);
            wait.until(
                    d -> d.findElements(By.cssSelector("#cluster-followers tr")).size() == 2
                            && !text(d, "cluster-followers").contains("no leader statistics"));
            assertTrue(text(driver, "cluster-term").matches("\\d+"), "term: " + text(driver, "cluster-term"));
            // The charts, from this member's /metrics: the writes above have been counted, so once two scrapes
            // (2 s apart) are in, the writes/s and fsync charts are drawn (a line, not "no data yet").
            wait.until(d -> "ok".equals(d.findElement(By.id("metrics-status")).getAttribute("data-state")));
            for (String chart : List.of("chart-writes", "chart-reads", "chart-fsync")) {
                wait.until(d -> "drawn".equals(d.findElement(By.id(chart)).getAttribute("data-state")));
            }
            screenshot(driver, "1-follower-view.png");

            // Stop the leader (the one now: a loaded machine may have held an election meanwhile): the page shows
            // the new one and lists the change.
            Member leader = cluster.awaitLeader(ELECTION_SECONDS, all);
            wait.until(ExpectedConditions.textToBe(By.id("cluster-leader"), leader.name));
            leader.process.stop();
            List<Member> survivors = all.stream().filter(m -> m != leader).toList();
            Member newLeader = cluster.awaitLeader(ELECTION_SECONDS, survivors);
            assertNotEquals(leader, newLeader);
            wait.until(ExpectedConditions.textToBe(By.id("cluster-leader"), newLeader.name));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(
                    By.id("leader-changes"), " → " + newLeader.name));
            screenshot(driver, "2-after-leader-change.png");
        }
    }

    @Test
    @Order(3)
    void thePagesPrometheusParserReadsTheExpositionFormat() throws Exception {
        try (Browser browser = Browser.start(tmp.resolve("browser-2"))) {
            WebDriver driver = browser.driver();
            Member m = cluster.alive().get(0);
            driver.get(m.clientUrl() + "/dashboard/");
            new WebDriverWait(driver, UI_WAIT)
                    .until(d -> ((JavascriptExecutor) d).executeScript("return !!window.etcdjDashboard"));
            String fixture;
            try (InputStream in = getClass().getResourceAsStream("/dashboard/metrics-sample.prom")) {
                fixture = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Object parsed = ((JavascriptExecutor) driver)
                    .executeScript(
                            "const s = window.etcdjDashboard.parsePrometheus(arguments[0]);"
                                    + "const sum = (n) => s.filter((x) => x.name === n).reduce((a, x) => a + x.value, 0);"
                                    + "const w = s.find((x) => x.name === 'weird_label_total');"
                                    + "return JSON.stringify({n: s.length,"
                                    + " writes: sum('etcd_debugging_store_writes_total'),"
                                    + " fsyncMs: 1000 * sum('etcd_disk_wal_fsync_duration_seconds_sum')"
                                    + "   / sum('etcd_disk_wal_fsync_duration_seconds_count'),"
                                    + " sent: sum('etcd_network_peer_sent_bytes_total'),"
                                    + " infBucket: s.find((x) => x.labels.le === '+Inf').value,"
                                    + " path: w.labels.path, x: w.labels.x, weird: w.value,"
                                    + " rss: sum('process_resident_memory_bytes')});",
                            fixture);
            JsonNode r = EtcdCluster.JSON.readTree((String) parsed);
            assertEquals(11, r.path("n").asInt(), r.toString());
            assertEquals(15.0, r.path("writes").asDouble(), r.toString());
            assertEquals(2.5, r.path("fsyncMs").asDouble(), 1e-9, r.toString());
            assertEquals(1500.0, r.path("sent").asDouble(), r.toString());
            assertEquals(15.0, r.path("infBucket").asDouble(), r.toString());
            assertEquals("a \"quoted\", b\\c", r.path("path").asText(), r.toString());
            assertEquals("y", r.path("x").asText(), r.toString());
            assertEquals(7.0, r.path("weird").asDouble(), r.toString());
            assertEquals(1.2345678e8, r.path("rss").asDouble(), r.toString());
        }
    }

    /**
     * Opens the dashboard on a follower (by {@code /dashboard}, which redirects) and returns that member. A loaded
     * machine can elect the chosen follower meanwhile; then the page is opened on another (bounded tries).
     */
    private Member openOnAFollower(WebDriver driver, WebDriverWait wait) throws Exception {
        for (int attempt = 0; attempt < 3; attempt++) {
            Member leader = cluster.awaitLeader(ELECTION_SECONDS, all);
            Member follower = all.stream().filter(m -> m != leader).findFirst().orElseThrow();
            driver.get(follower.clientUrl() + "/dashboard");
            assertEquals(follower.clientUrl() + "/dashboard/", driver.getCurrentUrl());
            wait.until(ExpectedConditions.textToBe(By.id("self-name"), follower.name));
            wait.until(d -> List.of("follower", "leader").contains(text(d, "self-state")));
            if (text(driver, "self-state").equals("follower")) {
                return follower;
            }
        }
        fail("the member the dashboard was opened on was elected leader three times in a row");
        return null;
    }

    /** Headless chromium through Debian's chromedriver, both named explicitly; a fresh profile in {@code dir}. */
    record Browser(ChromeDriverService service, WebDriver driver) implements AutoCloseable {
        static Browser start(Path dir) throws Exception {
            if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
                fail("the dashboard's browser test needs Debian's chromium and chromedriver (" + CHROMIUM + ", "
                        + CHROMEDRIVER + "): apt-get install chromium chromium-driver");
            }
            Files.createDirectories(dir);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort()
                    .withLogFile(dir.resolve("chromedriver.log").toFile())
                    .build();
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments(
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--window-size=1400,1100",
                    // Anything not on loopback goes to a closed port and fails: the test reaches no network.
                    "--proxy-server=http://127.0.0.1:9",
                    "--user-data-dir=" + Files.createDirectories(dir.resolve("profile")));
            try {
                return new Browser(service, new ChromeDriver(service, options));
            } catch (RuntimeException e) {
                service.stop();
                throw e;
            }
        }

        @Override
        public void close() {
            try {
                driver.quit();
            } finally {
                service.stop();
            }
        }
    }

    private static void type(WebDriver driver, String id, String value) {
        WebElement e = driver.findElement(By.id(id));
        e.clear();
        if (!value.isEmpty()) {
            e.sendKeys(value);
        }
    }

    private static String text(WebDriver driver, String id) {
        return driver.findElement(By.id(id)).getText();
    }

    private JsonNode curlKey(Member m, String key) throws Exception {
        Resp r = cluster.curl(m.clientUrl() + "/v2/keys" + key);
        assertEquals(200, r.status(), r.toString());
        return r.json().path("node");
    }

    private static void screenshot(WebDriver driver, String name) throws Exception {
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
