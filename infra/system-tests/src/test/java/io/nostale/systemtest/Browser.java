package io.nostale.systemtest;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.chromium.HasCdp;

/**
 * Debian's headless Chromium driven by Debian's chromedriver. Both paths are given explicitly so Selenium never
 * tries to download a browser or a driver.
 */
final class Browser implements AutoCloseable {

    static final String CHROMIUM = System.getProperty("nostale.chromium", "/usr/bin/chromium");
    static final String CHROMEDRIVER = System.getProperty("nostale.chromedriver", "/usr/bin/chromedriver");

    final WebDriver driver;
    private final Path profile;

    Browser() {
        try {
            profile = Files.createTempDirectory(Path.of("target"), "chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1200,900", "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
    }

    void logIn(String baseUrl, String username, String password) {
        driver.get(baseUrl + "/login");
        driver.findElement(By.name("username")).sendKeys(username);
        driver.findElement(By.name("password")).sendKeys(password);
        driver.findElement(By.cssSelector("form [type=submit]")).click();
    }

    /**
     * The home page rows as the DOM shows them now, read in one script: element by element, a row re-rendered between
     * two reads (a change arriving) went stale under the test.
     */
    List<RenderedHome.Row> rows() {
        List<?> rows = (List<?>) script("""
                return [...document.querySelectorAll('[data-room-id][data-status]')]
                    .map((row) => [row.getAttribute('data-room-id'), row.getAttribute('data-status')]);""");
        return rows.stream().map(row -> (List<?>) row)
                .map(row -> new RenderedHome.Row(Long.parseLong((String) row.get(0)), (String) row.get(1))).toList();
    }

    /** The row's visible text, read in one script for the same reason as {@link #rows()}. */
    String rowText(long roomId) {
        Object text = script("""
                const row = document.querySelector(`[data-room-id='${arguments[0]}']`);
                return row ? row.innerText : '';""", String.valueOf(roomId));
        return text == null ? "" : (String) text;
    }

    String liveStatus() {
        return driver.findElement(By.cssSelector("[data-live-status]")).getDomAttribute("data-live-status");
    }

    /** Runs {@code script} in the current tab's page and returns its result (numbers as Long, arrays as List). */
    Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** The room page as the DOM shows it now, read in one script so no element goes stale between reads. */
    RenderedRoom.View roomView() {
        @SuppressWarnings("unchecked")
        Map<String, Object> view = (Map<String, Object>) script("""
                const region = document.getElementById('live-region');
                const ids = (selector, attribute) => [...document.querySelectorAll(selector)]
                    .map((element) => Number(element.getAttribute(attribute)));
                const joinState = document.getElementById('join-state');
                return {
                  title: document.getElementById('room-title')?.textContent ?? '',
                  member: region?.getAttribute('data-member') === 'true',
                  owner: region?.getAttribute('data-owner') === 'true',
                  joinState: joinState ? joinState.getAttribute('data-state') : '',
                  messages: ids('#message-list > li[data-message-id]', 'data-message-id'),
                  requests: ids('#request-list > li[data-request-id]', 'data-request-id'),
                  members: ids('#member-list > li[data-user-id]', 'data-user-id'),
                };""");
        return new RenderedRoom.View((String) view.get("title"), (Boolean) view.get("member"), (Boolean) view.get("owner"),
                (String) view.get("joinState"), longs(view.get("messages")), longs(view.get("requests")), longs(view.get("members")));
    }

    private static List<Long> longs(Object list) {
        return ((List<?>) list).stream().map(value -> ((Number) value).longValue()).toList();
    }

    /**
     * From the next document loaded in the current tab on, records the text of every WebSocket frame its pages
     * receive, in order, in {@code window.__nostaleFrames} (which survives in-place refreshes: same window).
     * Wraps the page's WebSocket constructor before any page script runs; the page's own handlers are untouched.
     */
    void recordSocketFrames() {
        ((HasCdp) driver).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
                (() => {
                  const Original = window.WebSocket;
                  window.__nostaleFrames = [];
                  window.WebSocket = class extends Original {
                    constructor(...args) {
                      super(...args);
                      this.addEventListener('message', (event) => window.__nostaleFrames.push(String(event.data)));
                    }
                  };
                })();"""));
    }

    /** The frames recorded so far (see {@link #recordSocketFrames()}). */
    List<String> socketFrames() {
        Object frames = script("return window.__nostaleFrames ?? null;");
        if (frames == null) {
            throw new IllegalStateException("this page records no socket frames: call recordSocketFrames() before loading it");
        }
        return ((List<?>) frames).stream().map(String::valueOf).toList();
    }

    /** Opens a new, blank tab, which becomes the current one; returns its handle. */
    String openTab() {
        driver.switchTo().newWindow(WindowType.TAB);
        return driver.getWindowHandle();
    }

    /** Makes the tab {@code handle} the current one. */
    void switchTo(String handle) {
        driver.switchTo().window(handle);
    }

    /**
     * Clicks the element {@code css} selects. Live pages redraw parts of themselves: an element replaced between
     * finding and clicking was not clicked, so it is found again (within 10 s).
     */
    void click(String css) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                driver.findElement(By.cssSelector(css)).click();
                return;
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
        }
    }

    /** Replaces the text of the field {@code css} selects with {@code text}, as a person types it. */
    void type(String css, String text) {
        WebElement field = driver.findElement(By.cssSelector(css));
        field.clear();
        field.sendKeys(text);
    }

    /** Saves what the current tab shows as a PNG. */
    void screenshot(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
