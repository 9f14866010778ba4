package digits.data.internal;

import digits.api.DatasetProvider;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** LeCun's MNIST handwritten digits, provisioned as {@link Provisioner} describes. */
@Component(service = DatasetProvider.class, property = "dataset.id=mnist")
public final class MnistDataset extends IdxDataset {

    /** Reads {@code digits.data} and {@code digits.cache} from the framework properties. */
    @Activate
    public MnistDataset(BundleContext context) {
        super(Provisioner.fromProperties(DatasetSpec.MNIST, context::getProperty));
    }
}
