package digits.web.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import digits.api.GrayImage;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The web path's hand-written reading and writing of 28x28 arrays against Gson's. */
class PixelsJsonTest {

    @Test
    void readsWhatGsonReadsForNumbersAsProgramsWriteThem() throws Exception {
        SplittableRandom random = new SplittableRandom(20);
        for (int body = 0; body < 200; body++) {
            String key = body % 5 == 0 ? "drawing" : "pixels";
            StringBuilder json = new StringBuilder(body % 2 == 0 ? "{\"" + key + "\":[" : " {\n  \"" + key + "\" : [ ");
            for (int y = 0; y < 28; y++) {
                json.append(y == 0 ? "[" : ",\n [");
                for (int x = 0; x < 28; x++) {
                    double v = body % 3 == 0 ? random.nextInt(256) : random.nextDouble();
                    // as numpy's round(3).tolist(), printf and integer writers give them (no exponent)
                    String text = switch (random.nextInt(4)) {
                        case 0 -> String.valueOf(Math.round(v * 1000) / 1000.0);
                        case 1 -> String.format(Locale.ROOT, "%.3f", v);
                        case 2 -> String.format(Locale.ROOT, "%.12f", v);
                        default -> v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.6f", v);
                    };
                    json.append(x == 0 ? "" : body % 2 == 0 ? "," : ", ").append(text);
                }
                json.append(']');
            }
            json.append("]}\n");
            float[] fast = PixelsJson.read(json.toString().getBytes(StandardCharsets.UTF_8), key);
            assertNotNull(fast, json.toString());
            GrayImage viaGson = Inputs.fromJson(json.toString(), key);
            assertArrayEquals(viaGson.pixels(), Inputs.pixels(fast).pixels(), "body " + body);
        }
    }

    @Test
    void leavesEverythingElseToTheStrictReader() {
        String row = "[" + "0,".repeat(27) + "0]";
        String rows = (row + ",").repeat(27) + row;
        assertNotNull(PixelsJson.read(("{\"pixels\":[" + rows + "]}").getBytes(StandardCharsets.UTF_8), "pixels"));
        for (String bad : new String[] {
            "{\"drawing\":[" + rows + "]}", // another key than asked for
            "{\"pixels\":[" + rows + "]} x", // text after the value
            "{\"pixels\":[" + rows + "],\"other\":1}", // another key: Gson decides
            "{\"pixels\":[" + rows.replaceFirst("0", "01") + "]}", // a leading zero
            "{\"pixels\":[" + rows.replaceFirst("0", "1e2") + "]}", // an exponent
            "{\"pixels\":[" + rows.replaceFirst("0", "-0") + "]}", // a sign
            "{\"pixels\":[" + rows.replaceFirst("0", "256") + "]}", // out of range
            "{\"pixels\":[" + rows.replaceFirst("0", "1.") + "]}", // a bare point
            "{\"pixels\":[" + rows.replaceFirst("0", "0.1234567890123456789") + "]}", // more digits than a double holds
            "{\"pixels\":[" + rows.replaceFirst("0,", "") + "]}", // 27 in a row
            "{\"pixels\":[" + rows.substring(row.length() + 1) + "]}", // 27 rows
            "{\"pixels\":[" + rows + "]", // cut short
        }) {
            assertNull(PixelsJson.read(bad.getBytes(StandardCharsets.UTF_8), "pixels"), bad);
        }
    }

    @Test
    void theInputEchoIsTheArrayGsonWritesOfTheValuesRoundedToThousandths() {
        SplittableRandom random = new SplittableRandom(7);
        float[] px = new float[28 * 28];
        for (int i = 0; i < px.length; i++) {
            px[i] = switch (i % 4) {
                case 0 -> 0f;
                case 1 -> 1f;
                default -> (float) random.nextDouble();
            };
        }
        GrayImage image = new GrayImage(28, 28, px);
        StringBuilder echo = new StringBuilder();
        PredictServlet.rows(image, echo);
        JsonArray viaGson = new JsonArray();
        for (int y = 0; y < 28; y++) {
            JsonArray row = new JsonArray();
            for (int x = 0; x < 28; x++) {
                row.add(Math.round(image.at(x, y) * 1e3) / 1e3);
            }
            viaGson.add(row);
        }
        assertEquals(viaGson.toString(), echo.toString());
        assertEquals(viaGson, JsonParser.parseString(echo.toString()));
    }
}
