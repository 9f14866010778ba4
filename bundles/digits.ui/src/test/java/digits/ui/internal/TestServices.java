package digits.ui.internal;

import digits.api.DatasetProvider;
import digits.api.Evaluator;
import digits.api.ModelStore;
import digits.api.Selection;

/** The window's services bound as Declarative Services binds them, for presentation models under test. */
public final class TestServices {

    private TestServices() {}

    public static Services of(ModelStore store, Selection selection, Evaluator evaluator, DatasetProvider... datasets) {
        Services s = new Services();
        s.setModelStore(store);
        s.setSelection(selection);
        s.setEvaluator(evaluator);
        for (DatasetProvider d : datasets) {
            s.addDataset(d);
        }
        return s;
    }
}
