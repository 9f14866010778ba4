package digits.shell.internal;

import digits.api.Recognizer;
import java.util.Collection;

/** Finds a recognizer by what a user types: its id ({@code cnn:default}, {@code knn}) or a model's name. */
final class Recognizers {

    private Recognizers() {}

    static Recognizer byIdOrModel(Collection<Recognizer> present, String name) {
        String id = name.contains(":") ? name : "cnn:" + name;
        return present.stream().filter(r -> r.id().equals(id) || r.id().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no model or recognizer '" + name + "'; present: "
                        + present.stream().map(Recognizer::id).toList()));
    }
}
