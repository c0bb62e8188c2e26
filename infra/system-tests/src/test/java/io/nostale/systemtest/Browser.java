package io.nostale.systemtest;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

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

    /** The home page rows as the DOM shows them now. */
    List<RenderedHome.Row> rows() {
        return driver.findElements(By.cssSelector("[data-room-id][data-status]")).stream()
                .map(row -> new RenderedHome.Row(Long.parseLong(row.getDomAttribute("data-room-id")), row.getDomAttribute("data-status")))
                .toList();
    }

    String rowText(long roomId) {
        List<WebElement> rows = driver.findElements(By.cssSelector("[data-room-id='" + roomId + "']"));
        return rows.isEmpty() ? "" : rows.get(0).getText();
    }

    String liveStatus() {
        return driver.findElement(By.cssSelector("[data-live-status]")).getDomAttribute("data-live-status");
    }

    @Override
    public void close() {
        driver.quit();
    }
}
