package org.imagedownloader;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
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

/**
 * The status page in a real, headless Chromium: live progress, failures with their reasons, report links
 * that return the CSV, and a list dropped through the page. Skipped, saying how to install Chromium,
 * where it is missing; CI installs it.
 */
@Timeout(90)
class StatusPageTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    Path root;
    ImageServer server;
    WebDriver browser;

    @BeforeEach
    void start() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "no headless Chromium here: apt-get install -y chromium chromium-driver (CI does)");
        server = ImageServer.start().serve("/fast.png", "image/png", Images.png(2_000, 5));
        server.stubFor(get(urlPathMatching("/slow/.*")).willReturn(aResponse().withStatus(200).withFixedDelay(160)
                .withHeader("Content-Type", "image/png").withBody(Images.png(2_000, 6))));
        server.stubFor(get(urlPathEqualTo("/missing.png")).willReturn(aResponse().withStatus(404)));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1000,900");
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build(),
                options);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    private TestApp app(int port) throws Exception {
        return TestApp.start(root, Map.of("downloader.http-enabled", "true", "downloader.http-port", String.valueOf(port),
                "downloader.concurrency", "2"));
    }

    @Test
    void theListsProgressBarAdvancesOnItsOwnAFailureShowsItsReasonAndTheReportLinkReturnsTheCsv() throws Exception {
        int port = HttpViewTest.freePort();
        try (TestApp app = app(port)) {
            browser.get("http://127.0.0.1:" + port + "/");
            StringBuilder list = new StringBuilder(server.url("/missing.png")).append('\n');
            for (int i = 0; i < 100; i++) { // ~8 s over 2 slots: open long enough to watch on a slow machine
                list.append(server.url("/slow/" + i + ".png")).append('\n');
            }
            app.drop("slow.txt", list.toString());

            await().atMost(Duration.ofSeconds(20)).until(() -> done("slow.txt") > 0);
            int first = done("slow.txt");
            await().atMost(Duration.ofSeconds(20)).until(() -> done("slow.txt") > first); // no reload in between
            await().atMost(Duration.ofSeconds(10)).until(() -> text("failures").contains(server.url("/missing.png")));
            assertThat(text("failures")).contains("failed").contains("HTTP 404");
            screenshot();

            app.awaitArchived("slow.txt");
            await().atMost(Duration.ofSeconds(10)).until(() -> ((JavascriptExecutor) browser).executeScript(
                    "const a = document.querySelector('#finished a.report'); return a ? a.href : null;") != null);
            String href = (String) ((JavascriptExecutor) browser).executeScript(
                    "return document.querySelector('#finished a.report').href;");
            HttpResponse<String> csv = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(href)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(csv.statusCode()).isEqualTo(200);
            assertThat(csv.body()).startsWith("line,url,outcome").isEqualTo(Files.readString(app.output.resolve("slow.report.csv")));
        }
    }

    @Test
    void aListDroppedOnThePageIsDownloaded() throws Exception {
        int port = HttpViewTest.freePort();
        try (TestApp app = app(port)) {
            browser.get("http://127.0.0.1:" + port + "/");
            Path file = Files.writeString(root.resolve("from-page.txt"), server.url("/fast.png") + "\n");
            WebElement input = browser.findElement(By.id("file"));
            input.sendKeys(file.toAbsolutePath().toString());
            await().atMost(Duration.ofSeconds(10)).until(() -> text("dropped").contains("from-page.txt is in the inbox"));
            app.awaitArchived("from-page.txt");
            assertThat(app.folder("from-page").resolve("fast.png")).hasBinaryContent(Images.png(2_000, 5));
        }
    }

    /** Read in one script: the page redraws every second, so an element found first may be gone when read. */
    private int done(String list) {
        Object done = ((JavascriptExecutor) browser).executeScript(
                "const e = document.querySelector(\"[data-list='\" + arguments[0] + \"'] .fill\");"
                        + " return e ? e.dataset.done : '0';", list);
        return Integer.parseInt(String.valueOf(done));
    }

    private String text(String id) {
        return String.valueOf(((JavascriptExecutor) browser).executeScript(
                "return document.getElementById(arguments[0]).textContent;", id));
    }

    /** docs/operations.md shows the page as the test saw it. */
    private void screenshot() throws Exception {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Path docs = Path.of("target", "status-page.png");
        Files.createDirectories(docs.getParent());
        Files.copy(shot.toPath(), docs, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
