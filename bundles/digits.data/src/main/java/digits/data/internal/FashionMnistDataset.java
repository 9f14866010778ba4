package digits.data.internal;

import digits.api.DatasetProvider;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** Zalando's Fashion-MNIST garments, provisioned as {@link Provisioner} describes. */
@Component(service = DatasetProvider.class, property = "dataset.id=fashion-mnist")
public final class FashionMnistDataset extends IdxDataset {

    /** Reads {@code digits.data} and {@code digits.cache} from the framework properties. */
    @Activate
    public FashionMnistDataset(BundleContext context) {
        super(Provisioner.fromProperties(DatasetSpec.FASHION_MNIST, context::getProperty));
    }
}
