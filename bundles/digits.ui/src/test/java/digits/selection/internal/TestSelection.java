package digits.selection.internal;

import digits.api.Recognizer;
import java.lang.annotation.Annotation;
import java.util.Map;

/** The real selection, with recognizers bound as Declarative Services binds them. */
public final class TestSelection {

    private TestSelection() {}

    public static ServiceSelection of(Recognizer... recognizers) {
        ServiceSelection s = new ServiceSelection();
        s.configure(new ServiceSelection.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ServiceSelection.Config.class;
            }

            @Override
            public String recognizer() {
                return "cnn:default";
            }

            @Override
            public String optimizer() {
                return "adamax";
            }

            @Override
            public String preprocessor() {
                return "mnist";
            }
        });
        for (Recognizer r : recognizers) {
            s.addRecognizer(r, Map.of());
        }
        return s;
    }
}
