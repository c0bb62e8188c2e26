package io.nostale.renderer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The main pages with the demo data, as people see them, at a desktop and a phone width: every page fits the
 * phone's width without sideways scrolling, and each is saved as a PNG in {@code target/screenshots} (the README's
 * pictures are copies of these, see renderer/README.md).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("demo")
class PageScreenshotsIT {

    private static final int SCREENS_GATEWAY_PORT = freePort();
    private static final Path OUT = Path.of("target", "screenshots");
    private static FakeGateway gateway;
    private static WebDriver driver;

    @LocalServerPort
    private int port;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> TestDatabases.url("renderer_screens_it"));
        registry.add("spring.datasource.username", () -> TestDatabases.stack().username());
        registry.add("spring.datasource.password", () -> TestDatabases.stack().password());
        registry.add("nostale.renderer.token-keys", () -> RendererITSupport.TOKEN_KEYS);
        registry.add("nostale.renderer.gateway-url", () -> "ws://localhost:" + SCREENS_GATEWAY_PORT + "/live");
    }

    @BeforeAll
    static void start() throws IOException {
        gateway = new FakeGateway(SCREENS_GATEWAY_PORT);
        driver = HeadlessChromium.start();
        Files.createDirectories(OUT);
    }

    @AfterAll
    static void stop() throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void mainPagesFitAPhoneAndAreSavedAsScreenshots() throws Exception {
        signIn("alice");
        shoot("/", "home");
        shoot("/rooms", "rooms");
        long bookClub = roomIdOf("Book club");
        long climbing = roomIdOf("Climbing");
        shoot("/rooms/" + bookClub, "room-owner");
        shoot("/rooms/" + climbing, "room-visitor");
        driver.manage().window().setSize(new Dimension(390, 844));
        shoot("/rooms/" + bookClub, "room-owner-phone");
        shoot("/rooms", "rooms-phone");
    }

    private void shoot(String path, String name) throws Exception {
        if (driver.manage().window().getSize().getWidth() > 500) {
            driver.manage().window().setSize(new Dimension(1100, 760));
        }
        gateway.drain();
        driver.get("http://localhost:" + port + path);
        gateway.nextMessage(15);
        gateway.send("{\"type\":\"caught-up\",\"stream\":\"screens\",\"offset\":1,\"position\":\"0/1#0/1\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> "live".equals(
                driver.findElement(By.cssSelector("[data-live-status]")).getDomAttribute("data-live-status")));
        Object overflow = ((JavascriptExecutor) driver).executeScript(
                "return document.documentElement.scrollWidth - window.innerWidth");
        assertThat(((Number) overflow).longValue()).as(name + ": sideways scrolling").isLessThanOrEqualTo(0);
        byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        assertThat(png).as(name).hasSizeGreaterThan(10_000);
        Files.write(OUT.resolve(name + ".png"), png);
    }

    private long roomIdOf(String title) {
        String href = driver.findElement(By.xpath("//a[@class='room-title' and text()='" + title + "']"))
                .getDomAttribute("href");
        return Long.parseLong(href.substring(href.lastIndexOf('/') + 1));
    }

    private void signIn(String username) throws InterruptedException {
        driver.manage().window().setSize(new Dimension(1100, 760));
        driver.get("http://localhost:" + port + "/login");
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys("demo");
        driver.findElement(By.cssSelector("form.stack button[type=submit]")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> driver.getCurrentUrl().endsWith("/"));
        gateway.nextMessage(15);
        driver.get("http://localhost:" + port + "/rooms");
        gateway.nextMessage(15);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
