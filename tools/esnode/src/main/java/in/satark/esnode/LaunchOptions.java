package in.satark.esnode;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Command-line options of the launcher; every option is {@code --name value}. */
record LaunchOptions(Path home, int httpPort, Path readyFile, String clusterName, String nodeName) {

    static LaunchOptions parse(String[] args) {
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("options come in pairs: --name value");
        }
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (args[i].startsWith("--") == false) {
                throw new IllegalArgumentException("expected an option name, got [" + args[i] + "]");
            }
            values.put(args[i].substring(2), args[i + 1]);
        }
        String home = values.remove("home");
        if (home == null) {
            throw new IllegalArgumentException("--home is required (data, logs and config go under it)");
        }
        Path homePath = Path.of(home).toAbsolutePath();
        LaunchOptions options = new LaunchOptions(
            homePath,
            Integer.parseInt(values.getOrDefault("http-port", "0")),
            Path.of(values.getOrDefault("ready-file", homePath.resolve("ready.json").toString())).toAbsolutePath(),
            values.getOrDefault("cluster-name", "satark"),
            values.getOrDefault("node-name", "satark-esnode")
        );
        values.keySet().removeAll(java.util.Set.of("http-port", "ready-file", "cluster-name", "node-name"));
        if (values.isEmpty() == false) {
            throw new IllegalArgumentException("unknown options: " + values.keySet());
        }
        return options;
    }
}
