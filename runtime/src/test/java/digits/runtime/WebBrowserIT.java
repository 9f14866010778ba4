package digits.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The canvas page in a real browser (Debian's headless Chromium): draw a digit, see it recognized. */
class WebBrowserIT {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @Test
    void drawingASevenWithTheMouseShowsSevenOnTopAndFiveBars() throws Exception {
        assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)");
        Path profile = Files.createTempDirectory(Path.of("target"), "chromium-");
        try (WebFixtures.Server server = WebFixtures.start()) {
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--no-first-run",
                    "--disable-extensions", "--window-size=1200,800", "--user-data-dir=" + profile.toAbsolutePath());
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort().build();
            ChromeDriver driver = new ChromeDriver(service, options);
            try {
                driver.get(server.base + "/");
                WebElement canvas = driver.findElement(By.id("canvas"));
                assertEquals(280, canvas.getSize().getWidth());

                // A 7 as a person draws it: the bar left to right, then the stem down to the left.
                // Offsets are from the canvas's centre (140, 140).
                Actions draw = new Actions(driver).moveToElement(canvas, 75 - 140, 65 - 140).clickAndHold();
                stroke(draw, 75, 65, 205, 65, 12);
                stroke(draw, 205, 65, 125, 235, 16);
                draw.release().perform();

                List<WebElement> rows = driver.findElements(By.cssSelector("#top5 tr"));
                assertEquals(5, rows.size());
                new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> !digit(rows.get(4)).isEmpty());
                // the last answer (for the whole stroke) may come a moment after the first
                new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> digit(rows.get(0)).equals("7"));
                double previous = 1;
                for (WebElement row : rows) {
                    double p = probability(row);
                    assertTrue(p <= previous + 1e-9, "bars out of order");
                    previous = p;
                }
                assertTrue(probability(rows.get(0)) > 0.5, "7 with only " + probability(rows.get(0)));
                // each bar as long as its probability (once the bars' 150 ms transition is over)
                new WebDriverWait(driver, Duration.ofSeconds(5)).until(d -> rows.stream().allMatch(row ->
                        Math.abs(px(row, ".fill") - probability(row) * px(row, ".bar")) < 3));
                assertTrue(px(rows.get(0), ".fill") > 100, px(rows.get(0), ".fill") + " px");
                assertTrue(driver.findElement(By.id("status")).getText().contains("cnn:default"),
                        driver.findElement(By.id("status")).getText());
                // the preview shows what the model saw: some ink in its 28x28 pixels
                Object ink = ((JavascriptExecutor) driver).executeScript(
                        "const d = document.getElementById('preview').getContext('2d').getImageData(0, 0, 28, 28).data;"
                                + "let s = 0; for (let i = 0; i < d.length; i += 4) s += d[i]; return s;");
                assertTrue(((Number) ink).longValue() > 0, "empty preview");

                Path shot = Path.of("target/screenshots/web.png");
                Files.createDirectories(shot.getParent());
                Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), shot,
                        StandardCopyOption.REPLACE_EXISTING);

                driver.findElement(By.id("clear")).click();
                new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> digit(rows.get(0)).isEmpty());
            } finally {
                driver.quit();
            }
        }
    }

    private static double probability(WebElement row) {
        return Double.parseDouble(row.getDomAttribute("data-probability"));
    }

    /** The rendered width of an element in a row. */
    private static double px(WebElement row, String css) {
        return Double.parseDouble(row.findElement(By.cssSelector(css)).getCssValue("width").replace("px", ""));
    }

    /** The digit a row of the table shows, "" when none. */
    private static String digit(WebElement row) {
        String d = row.getDomAttribute("data-digit");
        return d == null ? "" : d;
    }

    /** Moves the held mouse from (x0, y0) to (x1, y1) in steps, as a hand does. */
    private static void stroke(Actions actions, int x0, int y0, int x1, int y1, int steps) {
        int x = x0, y = y0;
        for (int i = 1; i <= steps; i++) {
            int nx = x0 + (x1 - x0) * i / steps;
            int ny = y0 + (y1 - y0) * i / steps;
            actions.moveByOffset(nx - x, ny - y);
            x = nx;
            y = ny;
        }
    }
}
