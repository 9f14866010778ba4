package digits.api;

import org.osgi.annotation.versioning.ConsumerType;

/** Hears how an adaptation progresses; called on the adaptation's thread. */
@ConsumerType
@FunctionalInterface
public interface AdaptationListener {

    /**
     * @param done  the share done so far, 0 to 1
     * @param step  what it is doing, e.g. {@code "epoch 2/3"}
     */
    void onProgress(double done, String step);
}
