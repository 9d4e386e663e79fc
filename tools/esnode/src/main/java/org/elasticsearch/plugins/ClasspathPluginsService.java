package org.elasticsearch.plugins;

import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;

import java.util.ArrayList;
import java.util.List;

/**
 * Serves plugins that live on the application class path instead of in the distribution's
 * modules/ and plugins/ folders, which an embedded node does not have.
 *
 * <p>It sits in {@code org.elasticsearch.plugins} because {@link PluginsService.LoadedPlugin} and
 * {@link PluginsService#loadPlugin} are package-private; that is the only reason.
 */
public final class ClasspathPluginsService extends PluginsService {
    private final List<LoadedPlugin> classpathPlugins;

    public ClasspathPluginsService(Settings settings, Environment environment, List<Class<? extends Plugin>> pluginClasses) {
        // An empty loader: nothing is read from disk, the plugins below are the whole set.
        super(settings, environment.configDir(), PluginsLoader.createPluginsLoader(java.util.Set.of(), java.util.Set.of(), java.util.Map.of(), false));
        List<LoadedPlugin> loaded = new ArrayList<>(pluginClasses.size());
        ClassLoader loader = ClasspathPluginsService.class.getClassLoader();
        for (Class<? extends Plugin> pluginClass : pluginClasses) {
            Plugin instance = loadPlugin(pluginClass, settings, environment.configDir());
            PluginDescriptor descriptor = new PluginDescriptor(
                pluginClass.getSimpleName(),
                "class path plugin " + pluginClass.getName(),
                "1",
                org.elasticsearch.Build.current().version(),
                "21",
                pluginClass.getName(),
                null,
                List.of(),
                false,
                false,
                false,
                false,
                PluginDescriptor.DeploymentTarget.ALL
            );
            loaded.add(new LoadedPlugin(descriptor, instance, loader));
        }
        this.classpathPlugins = List.copyOf(loaded);
    }

    @Override
    protected List<LoadedPlugin> plugins() {
        return classpathPlugins;
    }
}
