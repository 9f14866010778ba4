package digits.api;

import org.osgi.annotation.versioning.ProviderType;

/** Published by the engine once ND4J is initialised: what training and recognition run on. */
@ProviderType
public interface ComputeBackend {

    BackendInfo info();

    /**
     * Runs a small ND4J matrix product and returns its result; proves the native backend works
     * from inside the framework.
     */
    double[][] selfTest();
}
