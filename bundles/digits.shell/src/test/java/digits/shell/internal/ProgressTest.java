package digits.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void onATerminalOneLineIsRedrawnWithTheRateAndTheTimeLeft() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        Progress p = new Progress(new PrintStream(buffer, true, StandardCharsets.UTF_8), true, "evaluate", 100, "images");
        p.update(10, "");
        Thread.sleep(150); // past the redraw interval
        p.update(50, "");
        p.update(100, "");
        String out = buffer.toString(StandardCharsets.UTF_8);
        assertTrue(out.startsWith("\revaluate [###---------------------------]  10% 10/100 images, "), out);
        assertTrue(out.matches("(?s).*\revaluate \\[#{15}-{15}\\]  50% 50/100 images, \\d+ images/s, ETA 0:\\d\\d\033\\[K.*"), out);
        assertTrue(out.matches("(?s).*\revaluate \\[#{30}\\] 100% 100/100 images, \\d+ images/s, ETA 0:00\033\\[K\n"), out);
        assertEquals(1, out.chars().filter(c -> c == '\n').count(), "one line, ended once: " + out);
    }

    @Test
    void elsewhereItPrintsAPlainLineEveryTenthOfTheWay() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        Progress p = new Progress(new PrintStream(buffer, true, StandardCharsets.UTF_8), false, "epoch 1/2", 200, "batches");
        for (int i = 1; i <= 200; i++) {
            p.update(i, "loss 0.1000");
        }
        String out = buffer.toString(StandardCharsets.UTF_8);
        assertFalse(out.contains("\r") || out.contains("\033"), out);
        assertEquals(10, out.lines().count(), out);
        assertTrue(out.lines().allMatch(l -> l.matches("epoch 1/2: +\\d+% \\d+/200 batches, loss 0\\.1000, \\d+ batches/s, ETA \\S+")), out);
        assertTrue(out.matches("(?s).*\nepoch 1/2: 100% 200/200 batches, loss 0\\.1000, \\d+ batches/s, ETA 0:00\n"), out);
    }

    @Test
    void theClockReadsAsMinutesAndSeconds() {
        assertEquals("0:07", Progress.clock(7));
        assertEquals("2:05", Progress.clock(125));
        assertEquals("1:01:01", Progress.clock(3661));
        assertEquals("?", Progress.clock(-1));
    }
}
