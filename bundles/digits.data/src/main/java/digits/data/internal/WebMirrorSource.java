package digits.data.internal;

import digits.api.DatasetException;
import digits.data.internal.DatasetSpec.IdxFile;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** One of the dataset's web mirrors: {@code BASE/NAME.gz} over HTTP for each file. */
record WebMirrorSource(DatasetSpec spec, URI base, Path cacheDir) implements Source {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);

    @Override
    public String name() {
        return "web mirror " + base;
    }

    @Override
    public Optional<String> provide(List<String> tried) throws DatasetException, IOException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        try (Stage stage = new Stage(spec, cacheDir)) {
            for (IdxFile f : spec.files()) {
                URI uri = base.resolve(f.name() + ".gz");
                HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(uri).GET().build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream body = r.body()) {
                    if (r.statusCode() != 200) {
                        throw new DatasetException(uri + ": HTTP status " + r.statusCode());
                    }
                    try (InputStream in = Idx.decode(uri.toString(), body)) {
                        stage.add(f, uri.toString(), in);
                    }
                }
            }
            stage.commit();
            return Optional.of(name());
        } catch (DatasetException e) {
            tried.add(name() + ": " + e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatasetException(spec.name() + ": interrupted while downloading from " + base, e);
        }
    }
}
