package dev.gatehouse.console;

import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.remote.RemoteWebDriver;
import org.openqa.selenium.remote.http.ClientConfig;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A headless Chromium (1280x800) driven through chromedriver, with the few moves the console's
 * tests make: open a page, fill and submit forms, read what a person would read, wait (always
 * bounded), take a screenshot.
 */
final class Browser implements AutoCloseable {

    private final Chromium.Driver chromedriver;
    private final RemoteWebDriver driver;
    private final String base;

    private Browser(Chromium.Driver chromedriver, RemoteWebDriver driver, String base) {
        this.chromedriver = chromedriver;
        this.driver = driver;
        this.base = base.replaceAll("/+$", "");
    }

    /**
     * A test extension that, when a test fails, prints the browser's address and page and saves a
     * screenshot as {@code workDir/failures/<test>.png} (suppliers: the browser starts after the extension exists).
     */
    static AfterTestExecutionCallback showPageOnFailure(Supplier<Browser> browser, Supplier<Path> workDir) {
        return context -> {
            Browser shown = browser.get();
            if (context.getExecutionException().isPresent() && shown != null) {
                System.out.println("[console] the browser was at " + shown.driver().getCurrentUrl() + ":\n"
                        + shown.driver().getPageSource());
                shown.screenshot(workDir.get().resolve("failures").resolve(context.getRequiredTestMethod().getName() + ".png"));
            }
        };
    }

    static Browser start(String base, Path workDir) throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        Chromium.Driver chromedriver = Chromium.Driver.start(workDir.resolve("chromedriver.log"));
        try {
            ChromeOptions options = new ChromeOptions();
            options.setBinary(Chromium.BROWSER.toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                    "--window-size=1280,800", "--no-first-run", "--disable-extensions",
                    "--user-data-dir=" + Files.createTempDirectory(workDir, "profile"));
            RemoteWebDriver driver = (RemoteWebDriver) RemoteWebDriver.builder()
                    .oneOf(options)
                    .address(URI.create("http://127.0.0.1:" + chromedriver.port()))
                    .config(ClientConfig.defaultConfig().connectionTimeout(Duration.ofSeconds(10)).readTimeout(Duration.ofSeconds(60)))
                    .build();
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(45)).scriptTimeout(Duration.ofSeconds(10));
            return new Browser(chromedriver, driver, base);
        } catch (RuntimeException e) {
            chromedriver.close();
            throw e;
        }
    }

    void open(String path) {
        driver.get(base + path);
    }

    String path() {
        return URI.create(driver.getCurrentUrl()).getPath();
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    boolean has(String css) {
        return !all(css).isEmpty();
    }

    String text(String css) {
        return find(css).getText();
    }

    /** Types into the field named {@code name} of {@code form} (a CSS selector), replacing what was there. */
    void fill(String form, String name, String value) {
        WebElement field = find(form + " [name='" + name + "']");
        if ("select".equals(field.getTagName())) {
            new Select(field).selectByValue(value);
            return;
        }
        field.clear();
        field.sendKeys(value);
    }

    /**
     * Sets the field named {@code name} of {@code form} the way a script would, for what typing
     * cannot send (line breaks in a one-line field, 100 KB) or a browser would refuse to hold.
     */
    void set(String form, String name, String value) {
        script("arguments[0].value = arguments[1]", find(form + " [name='" + name + "']"), value);
    }

    /** Clicks and waits for the next page (every console button submits a form or follows a link). */
    void click(String css) {
        WebElement element = find(css);
        element.click();
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> isStale(element));
    }

    /** Sends forms without the browser's own checks, so that the console's server-side checks answer. */
    void skipBrowserValidation() {
        ((JavascriptExecutor) driver).executeScript("document.querySelectorAll('form').forEach(f => f.noValidate = true)");
    }

    /** Reloads {@code path} until {@code condition} holds, for at most {@code timeout}. */
    void reloadUntil(String path, Duration timeout, Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            open(path);
            if (condition.get()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not seen within " + timeout.toSeconds() + " s on " + path + ":\n" + text("main"));
            }
            Thread.sleep(500);
        }
    }

    String cookie(String name) {
        Cookie cookie = driver.manage().getCookieNamed(name);
        return cookie == null ? null : cookie.getValue();
    }

    Cookie cookieDetails(String name) {
        return driver.manage().getCookieNamed(name);
    }

    Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    void screenshot(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, file, StandardCopyOption.REPLACE_EXISTING);
    }

    WebDriver driver() {
        return driver;
    }

    private static boolean isStale(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (org.openqa.selenium.WebDriverException e) {
            // stale, or "does not belong to the document": the page it was on is gone
            return true;
        }
    }

    /** Ends the session (bounded: a stuck quit is abandoned), then chromedriver and every Chromium under it. */
    @Override
    public void close() throws InterruptedException {
        ExecutorService quit = Executors.newSingleThreadExecutor();
        try {
            Future<?> done = quit.submit(driver::quit);
            done.get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.out.println("[console] the browser did not quit within 15 s; stopping chromedriver");
        } finally {
            quit.shutdownNow();
            chromedriver.close();
        }
    }
}
