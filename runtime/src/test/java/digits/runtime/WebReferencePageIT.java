package digits.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The reference project's own page and script, unchanged (only its Flask template's url_for
 * calls rendered as /static/...), served by digits-web from a folder ({@code digits.web.page})
 * and talking to its {@code POST /classify}: digits drawn with the mouse in headless Chromium
 * come back in the page's own result table.
 */
class WebReferencePageIT {

    static final Path WEB = KerasImportIT.REFERENCE.resolve("web");

    @Test
    void theReferencePageDrawnOnWithTheMouseShowsTheDigitInItsResultTable() throws Exception {
        assertTrue(Files.isExecutable(WebBrowserIT.CHROMIUM) && Files.isExecutable(WebBrowserIT.CHROMEDRIVER),
                "needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)");
        Path page = renderReferencePage();
        Path profile = Files.createTempDirectory(Path.of("target"), "chromium-");
        try (WebFixtures.Server server = WebFixtures.start(Map.of("digits.web.page", page.toAbsolutePath().toString()))) {
            classifyAnswersTheReferencesShapeAndRefusesBadDrawings(server);
            ChromeOptions options = new ChromeOptions();
            options.setBinary(WebBrowserIT.CHROMIUM.toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--no-first-run",
                    "--disable-extensions", "--window-size=1200,900", "--user-data-dir=" + profile.toAbsolutePath());
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(WebBrowserIT.CHROMEDRIVER.toFile())
                    .usingAnyFreePort().build();
            ChromeDriver driver = new ChromeDriver(service, options);
            try {
                driver.get(server.base + "/");
                assertEquals("Digit Recognizer", driver.getTitle());
                WebElement canvas = driver.findElement(By.id("drawingCanvas"));
                // A 7: the bar left to right, then the stem down to the left (canvas coordinates of 280x280).
                draw(driver, canvas, new int[][] {{80, 70}, {200, 70}, {130, 230}});
                assertEquals("7", waitForTopDigit(driver));
                screenshot(driver, "reference-page-7.png");

                driver.findElement(By.id("clearButton")).click();
                // A 1: one stroke down the middle.
                draw(driver, canvas, new int[][] {{140, 50}, {140, 230}});
                assertEquals("1", waitForTopDigit(driver));

                driver.findElement(By.id("clearButton")).click();
                // A 0: an oval, closed.
                int[][] oval = new int[25][];
                for (int i = 0; i < oval.length; i++) {
                    double a = 2 * Math.PI * i / (oval.length - 1);
                    oval[i] = new int[] {140 + (int) Math.round(55 * Math.sin(a)), 140 - (int) Math.round(85 * Math.cos(a))};
                }
                draw(driver, canvas, oval);
                assertEquals("0", waitForTopDigit(driver));
                assertEquals(5, driver.findElements(By.cssSelector("#resultsBody tr")).size(), "the page's top five");
            } finally {
                driver.quit();
            }
        }
    }

    /** The reference's contract as its app.py answers it, and our errors for what it never sends. */
    private static void classifyAnswersTheReferencesShapeAndRefusesBadDrawings(WebFixtures.Server server) throws Exception {
        StringBuilder drawing = new StringBuilder("{\"drawing\": [");
        for (int y = 0; y < 28; y++) {
            drawing.append(y == 0 ? "[" : ",[");
            for (int x = 0; x < 28; x++) {
                drawing.append(x == 0 ? "" : ",").append(x >= 13 && x <= 15 && y >= 4 && y <= 23 ? "1" : "0");
            }
            drawing.append(']');
        }
        drawing.append("]}");
        HttpResponse<String> ok = post(server, drawing.toString());
        assertEquals(200, ok.statusCode(), ok.body());
        JsonObject p = WebFixtures.json(ok);
        assertEquals(10, p.size(), ok.body());
        double sum = 0;
        for (int d = 0; d < 10; d++) {
            sum += p.get(String.valueOf(d)).getAsDouble();
        }
        assertEquals(1, sum, 1e-4);
        assertEquals(422, post(server, "{\"drawing\": [[0, 1]]}").statusCode());
        assertEquals(422, post(server, "{\"pixels\": []}").statusCode());
        assertEquals(400, post(server, "{\"drawing\": ").statusCode());
        assertEquals(405, server.get("/classify").statusCode());
    }

    private static HttpResponse<String> post(WebFixtures.Server server, String body) throws Exception {
        return server.http.send(HttpRequest.newBuilder(URI.create(server.base + "/classify"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The page as Flask would serve it: the template with each {@code url_for('static', ...)}
     * rendered as {@code /static/...}, and the static files as they are.
     */
    static Path renderReferencePage() throws Exception {
        Path page = Files.createDirectories(Path.of("target/reference-page"));
        Path statics = Files.createDirectories(page.resolve("static"));
        String template = Files.readString(WEB.resolve("templates/index.html"), StandardCharsets.UTF_8);
        String html = template.replaceAll("\\{\\{\\s*url_for\\('static',\\s*filename='([^']+)'\\)\\s*\\}\\}", "/static/$1");
        assertTrue(!html.contains("{{"), "a template expression is left: " + html);
        Files.writeString(page.resolve("index.html"), html, StandardCharsets.UTF_8);
        for (String f : List.of("script.js", "style.css")) {
            Files.copy(WEB.resolve("static").resolve(f), statics.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        return page;
    }

    /** Strokes through canvas points (280x280 coordinates), with the mouse held down, as a hand does. */
    private static void draw(ChromeDriver driver, WebElement canvas, int[][]... strokes) {
        double scale = canvas.getSize().getWidth() / 280.0;
        for (int[][] points : strokes) {
            Actions a = new Actions(driver).moveToElement(canvas, off(points[0][0], scale), off(points[0][1], scale)).clickAndHold();
            for (int i = 1; i < points.length; i++) {
                int steps = 8;
                for (int s = 1; s <= steps; s++) {
                    double x = points[i - 1][0] + (points[i][0] - points[i - 1][0]) * s / (double) steps;
                    double y = points[i - 1][1] + (points[i][1] - points[i - 1][1]) * s / (double) steps;
                    a.moveToElement(canvas, off(x, scale), off(y, scale));
                }
            }
            a.release().perform();
        }
    }

    /** An offset from the canvas's centre, as Selenium's moveToElement takes it. */
    private static int off(double canvasCoordinate, double scale) {
        return (int) Math.round((canvasCoordinate - 140) * scale);
    }

    /** The digit in the first row of the page's result table, once the page has shown an answer. */
    private static String waitForTopDigit(ChromeDriver driver) {
        // the page rewrites its table (loading rows, then the answer): a row may go stale under us
        return new WebDriverWait(driver, Duration.ofSeconds(30)).ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> {
            List<WebElement> cells = d.findElements(By.cssSelector("#resultsBody tr:first-child td"));
            String text = cells.isEmpty() ? "" : cells.get(0).getText().trim();
            return text.matches("[0-9]") ? text : null;
        });
    }

    private static void screenshot(ChromeDriver driver, String name) throws Exception {
        Path shot = Path.of("target/screenshots").resolve(name);
        Files.createDirectories(shot.getParent());
        Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
    }
}
