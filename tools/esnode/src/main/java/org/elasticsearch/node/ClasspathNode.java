package org.elasticsearch.node;

import org.elasticsearch.env.Environment;
import org.elasticsearch.plugins.ClasspathPluginsService;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.plugins.PluginsLoader;
import org.elasticsearch.plugins.PluginsService;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link Node} whose plugins are given as classes on the class path.
 *
 * <p>It sits in {@code org.elasticsearch.node} because {@link NodeServiceProvider} and
 * {@link NodeConstruction#prepareConstruction} are package-private: the public constructor only
 * knows how to load plugins from a distribution's folders.
 */
public final class ClasspathNode extends Node {
    public ClasspathNode(Environment environment, List<Class<? extends Plugin>> plugins) {
        super(
            NodeConstruction.prepareConstruction(
                environment,
                PluginsLoader.createPluginsLoader(Set.of(), Set.of(), Map.of(), false),
                new NodeServiceProvider() {
                    @Override
                    PluginsService newPluginService(Environment env, PluginsLoader pluginsLoader) {
                        return new ClasspathPluginsService(env.settings(), env, plugins);
                    }
                },
                true
            )
        );
    }
}
