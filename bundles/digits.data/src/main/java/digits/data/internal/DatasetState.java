package digits.data.internal;

/**
 * What this bundle's providers can say about themselves without fetching anything, for
 * {@code digits:datasets}. The API's {@code provision()} may download; a listing must not.
 */
interface DatasetState {

    /** One line: provisioned or not, from where, and the counts once loaded. */
    String state();
}
