package dev.multiserver.balancer.admin;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The Debian {@code chromium} package, headless, driven through {@code chromium-driver}'s {@code chromedriver}.
 * Like the testkit's redis-server, a missing binary fails the test with the command that installs it; it is never
 * skipped. Nothing is downloaded: Selenium Manager is not asked, both paths are given.
 */
final class HeadlessChromium implements AutoCloseable {

    static final String INSTALL_HINT = "sudo apt-get install -y chromium chromium-driver "
            + "(scripts/test.sh does this when run as root)";

    private final ChromeDriver driver;

    private HeadlessChromium(ChromeDriver driver) {
        this.driver = driver;
    }

    static HeadlessChromium start() {
        Path browser = onPath("chromium");
        Path chromedriver = onPath("chromedriver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser.toFile());
        options.addArguments("--headless=new", "--window-size=1400,900", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--no-default-browser-check", "--disable-extensions");
        options.setPageLoadTimeout(Duration.ofSeconds(15));
        if ("root".equals(System.getProperty("user.name"))) {
            options.addArguments("--no-sandbox"); // Chromium refuses to run its sandbox as root (CI containers)
        }
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort().build();
        return new HeadlessChromium(new ChromeDriver(service, options));
    }

    ChromeDriver driver() {
        return driver;
    }

    /** Writes a PNG of the page as it is now; the test's reports keep it. */
    void screenshot(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    }

    @Override
    public void close() {
        driver.quit();
    }

    private static Path onPath(String name) {
        String path = System.getenv("PATH") == null ? "" : System.getenv("PATH");
        for (String directory : path.split(File.pathSeparator)) {
            Path candidate = directory.isEmpty() ? null : Path.of(directory, name);
            if (candidate != null && Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(name + " not found on PATH (" + path + "); install it: " + INSTALL_HINT);
    }
}
