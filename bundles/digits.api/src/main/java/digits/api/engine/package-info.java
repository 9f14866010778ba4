/**
 * The engine's service-provider interface: the one place where an ND4J type ({@code IUpdater})
 * appears, because an optimizer plug-in has to hand the engine an updater it can run.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package digits.api.engine;
