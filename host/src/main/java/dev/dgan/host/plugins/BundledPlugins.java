package dev.dgan.host.plugins;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The plugin jars a dgan install ships ({@code dgan-plugin-stylegan.jar}, ...). Their backbones
 * and tasks keep their names when a plugin added later claims one of them too, so dropping a
 * jar into {@code plugins/} can never take over {@code stylegan2}.
 */
final class BundledPlugins {

    private static final String RESOURCE = "bundled-plugins.properties";

    private BundledPlugins() {}

    /** The file names; empty when the build did not fill the list in (a run from unfiltered sources). */
    static Set<String> files() {
        Properties p = new Properties();
        try (InputStream in = BundledPlugins.class.getResourceAsStream(RESOURCE)) {
            if (in != null) p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + RESOURCE + " from the dgan jar", e);
        }
        String artifacts = p.getProperty("artifacts", "");
        if (artifacts.contains("${")) return Set.of();
        return Arrays.stream(artifacts.split(",")).map(String::strip).filter(a -> !a.isEmpty())
                .map(a -> a + ".jar").collect(Collectors.toUnmodifiableSet());
    }
}
