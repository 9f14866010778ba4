package digits.shell.internal;

import com.google.gson.GsonBuilder;
import digits.api.GrayImage;
import digits.api.Prediction;
import digits.api.Preprocessor;
import digits.api.Recognizer;
import digits.preprocess.Images;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What {@code digits:predict} does, without the shell: expands files and folders into images,
 * recognizes them in batches and renders the answers as text or JSON.
 */
final class Predictions {

    /** Extensions of the pictures {@link Images#readPng(Path)} reads, when a folder is walked. */
    private static final Pattern PICTURE = Pattern.compile("(?i).+\\.(png|jpe?g|gif|bmp)");
    /** The drawings store names files LABEL_TIMESTAMP.png; any such name carries its label. */
    private static final Pattern LABELLED = Pattern.compile("([0-9])_[^/]*");
    /** Inputs per call to recognizeAll: batching pays, and memory stays bounded for big folders. */
    private static final int BATCH = 256;

    private Predictions() {}

    /** What one image got. */
    enum Answer { DIGIT, EMPTY, NOT_A_DIGIT, NOT_READ }

    /**
     * One image's result.
     *
     * @param name  the file as the user named it (a folder's files as folder/relative path)
     * @param label the label its name carries, or -1
     * @param error why it could not be read (NOT_READ only)
     */
    record Row(String name, int label, Answer answer, Prediction prediction, String error) {
        boolean labelled() {
            return label >= 0;
        }

        boolean right() {
            return answer == Answer.DIGIT && prediction.best().label() == label;
        }
    }

    /** The results of one call, in the order the files were named. */
    record Run(List<Row> rows, String recognizerId, String preprocessorId, long nanos) {

        int count() {
            return rows.size();
        }

        long count(Answer a) {
            return rows.stream().filter(r -> r.answer() == a).count();
        }

        int failed() {
            return (int) count(Answer.NOT_READ);
        }

        String firstError() {
            return rows.stream().filter(r -> r.error() != null).map(Row::error).findFirst().orElse("");
        }

        long labelled() {
            return rows.stream().filter(r -> r.labelled() && r.answer() != Answer.NOT_READ).count();
        }

        long right() {
            return rows.stream().filter(Row::right).count();
        }

        String text() {
            StringBuilder out = new StringBuilder();
            if (rows.size() == 1 && rows.get(0).prediction() != null) {
                Prediction p = rows.get(0).prediction();
                out.append(String.format(Locale.ROOT, "%s: %d (%.2f%%) by %s in %.2f ms, preprocessed by %s%n",
                        rows.get(0).name(), p.best().label(), 100 * p.best().probability(), recognizerId,
                        p.latencyMillis(), preprocessorId));
                if (p.notADigit()) {
                    out.append("not a digit: the drawing is unlike the digits the model was trained on; the closest guesses:\n");
                }
                for (Prediction.Ranked rk : p.top(5)) {
                    out.append(String.format(Locale.ROOT, "  %d  %6.2f%%  %s%n", rk.label(), 100 * rk.probability(),
                            "#".repeat(Math.round(40 * rk.probability()))));
                }
                return out.toString();
            }
            for (Row r : rows) {
                switch (r.answer()) {
                    case DIGIT -> out.append(String.format(Locale.ROOT, "%s: %d (%.2f%%)%n", r.name(),
                            r.prediction().best().label(), 100 * r.prediction().best().probability()));
                    case EMPTY -> out.append(r.name()).append(": empty (no ink found)\n");
                    case NOT_A_DIGIT -> out.append(String.format(Locale.ROOT, "%s: not a digit (closest %d, %.2f%%)%n",
                            r.name(), r.prediction().best().label(), 100 * r.prediction().best().probability()));
                    case NOT_READ -> out.append(r.name()).append(": not read\n");
                }
            }
            if (rows.size() > 1) {
                out.append(String.format(Locale.ROOT,
                        "%d images by %s (preprocessed by %s) in %.2f s: %d digits, %d empty, %d not a digit, %d not read%n",
                        count(), recognizerId, preprocessorId, nanos / 1e9, count(Answer.DIGIT), count(Answer.EMPTY),
                        count(Answer.NOT_A_DIGIT), failed()));
            }
            if (labelled() > 0) {
                out.append(String.format(Locale.ROOT, "accuracy %.2f%% (%d of %d images named LABEL_*: right)%n",
                        100.0 * right() / labelled(), right(), labelled()));
            }
            return out.toString();
        }

        String json() {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("recognizer", recognizerId);
            doc.put("preprocessor", preprocessorId);
            List<Map<String, Object>> images = new ArrayList<>();
            for (Row r : rows) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("file", r.name());
                m.put("answer", r.answer().name().toLowerCase(Locale.ROOT).replace('_', '-'));
                if (r.prediction() != null) {
                    m.put("digit", r.prediction().best().label());
                    m.put("confidence", r.prediction().best().probability());
                    m.put("probabilities", r.prediction().probabilities());
                }
                if (r.labelled()) {
                    m.put("label", r.label());
                }
                if (r.error() != null) {
                    m.put("error", r.error());
                }
                images.add(m);
            }
            doc.put("images", images);
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("images", count());
            summary.put("digits", count(Answer.DIGIT));
            summary.put("empty", count(Answer.EMPTY));
            summary.put("notADigit", count(Answer.NOT_A_DIGIT));
            summary.put("notRead", failed());
            summary.put("seconds", nanos / 1e9);
            if (labelled() > 0) {
                summary.put("labelled", labelled());
                summary.put("right", right());
                summary.put("accuracy", (double) right() / labelled());
            }
            doc.put("summary", summary);
            return new GsonBuilder().setPrettyPrinting().create().toJson(doc) + "\n";
        }
    }

    /** The user's folder: the launcher passes it, because {@code ./digits} runs from its own. */
    static Path workingDirectory() {
        return Path.of(System.getProperty("digits.cwd", System.getProperty("user.dir")));
    }

    /**
     * Reads, preprocesses and recognizes every image the arguments name; an image that cannot be
     * read is reported to {@code errors} (one line, naming it) and the others are still answered.
     *
     * @throws IllegalArgumentException for an argument that looks like an option, or names no image at all
     */
    static Run run(List<String> args, Path cwd, Preprocessor preprocessor, Recognizer recognizer,
            Consumer<String> errors) {
        long start = System.nanoTime();
        List<Row> rows = new ArrayList<>();
        List<Integer> pending = new ArrayList<>();
        List<GrayImage> inputs = new ArrayList<>();
        for (String arg : args) {
            for (Map.Entry<String, Path> e : expand(arg, cwd).entrySet()) {
                String name = e.getKey();
                int label = labelOf(e.getValue());
                Row row;
                try {
                    Optional<GrayImage> input = preprocessor.toModelInput(Images.readPng(e.getValue()));
                    row = new Row(name, label, input.isPresent() ? Answer.DIGIT : Answer.EMPTY, null, null);
                    input.ifPresent(in -> {
                        pending.add(rows.size());
                        inputs.add(in);
                    });
                } catch (IOException | RuntimeException ex) {
                    String why = problem(name, e.getValue(), ex);
                    errors.accept(why);
                    row = new Row(name, label, Answer.NOT_READ, null, why);
                }
                rows.add(row);
                if (inputs.size() == BATCH) {
                    recognize(recognizer, rows, pending, inputs);
                }
            }
        }
        recognize(recognizer, rows, pending, inputs);
        return new Run(List.copyOf(rows), recognizer.id(), preprocessor.id(), System.nanoTime() - start);
    }

    private static void recognize(Recognizer recognizer, List<Row> rows, List<Integer> pending, List<GrayImage> inputs) {
        if (inputs.isEmpty()) {
            return;
        }
        List<Prediction> predictions = recognizer.recognizeAll(List.copyOf(inputs));
        for (int i = 0; i < predictions.size(); i++) {
            int at = pending.get(i);
            Row r = rows.get(at);
            Prediction p = predictions.get(i);
            rows.set(at, new Row(r.name(), r.label(), p.notADigit() ? Answer.NOT_A_DIGIT : Answer.DIGIT, p, null));
        }
        pending.clear();
        inputs.clear();
    }

    /** The images an argument names, keyed by the name to show: a file, or a folder's pictures (sorted). */
    static Map<String, Path> expand(String arg, Path cwd) {
        Path path = cwd.resolve(arg);
        Map<String, Path> out = new LinkedHashMap<>();
        if (Files.isDirectory(path)) {
            try (Stream<Path> files = Files.walk(path)) {
                files.filter(Files::isRegularFile).filter(f -> PICTURE.matcher(f.getFileName().toString()).matches())
                        .sorted().forEach(f -> out.put(join(arg, path.relativize(f).toString()), f));
            } catch (IOException | UncheckedIOException e) {
                out.put(arg, path); // read fails below and names the folder and the reason
            }
            return out;
        }
        if (arg.startsWith("-") && !Files.exists(path)) {
            throw new IllegalArgumentException("unknown option " + arg);
        }
        out.put(arg, path);
        return out;
    }

    private static String join(String folder, String relative) {
        return folder.endsWith("/") ? folder + relative : folder + "/" + relative;
    }

    static int labelOf(Path file) {
        Matcher m = LABELLED.matcher(file.getFileName().toString());
        return m.matches() ? m.group(1).charAt(0) - '0' : -1;
    }

    /** One line naming the file as the user did, and the problem (the reader's messages name only the file). */
    private static String problem(String shown, Path file, Exception e) {
        if (!Files.exists(file)) {
            return shown + ": no such file";
        }
        if (Files.isDirectory(file)) {
            return shown + ": cannot list the folder";
        }
        if (!Files.isReadable(file)) {
            return shown + ": permission denied";
        }
        String m = String.valueOf(e.getMessage());
        String name = String.valueOf(file.getFileName());
        return m.startsWith(name + " ") ? shown + m.substring(name.length()) : shown + ": " + m;
    }
}
