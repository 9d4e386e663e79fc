package in.satark.esnode;

import in.satark.esnode.analysis.LanguageAnalysisPlugin;
import in.satark.esnode.root.RootEndpointPlugin;

import org.elasticsearch.Build;
import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.http.HttpServerTransport;
import org.elasticsearch.node.ClasspathNode;
import org.elasticsearch.node.Node;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.transport.netty4.Netty4Plugin;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Starts one Elasticsearch node on 127.0.0.1 and keeps it up until SIGTERM.
 *
 * <pre>java -Xmx512m -jar esnode.jar --home DIR [--http-port 0] [--ready-file FILE]
 *      [--cluster-name satark] [--node-name satark-esnode]</pre>
 */
public final class EsNodeMain {
    private static final List<Class<? extends Plugin>> PLUGINS = List.of(
        Netty4Plugin.class,          // HTTP (and transport) over Netty, as in the stock distribution
        RootEndpointPlugin.class,    // GET / and HEAD /
        LanguageAnalysisPlugin.class // hindi/english analyzers and friends
    );

    private EsNodeMain() {}

    public static void main(String[] args) throws Exception {
        LaunchOptions options;
        try {
            options = LaunchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("esnode: " + e.getMessage());
            System.exit(2);
            return;
        }
        long started = System.nanoTime();
        Files.deleteIfExists(options.readyFile());
        LogConfigurator.registerErrorListener();
        Settings settings = nodeSettings(options);
        Environment environment = new Environment(settings, options.home().resolve("config"));

        LogConfigurator.setClusterName(options.clusterName());
        LogConfigurator.setNodeName(options.nodeName());
        LogConfigurator.configure(environment, true);

        Node node = new ClasspathNode(environment, PLUGINS);
        // Node threads are daemons (the stock launcher keeps a thread of its own alive), so main
        // parks on this latch until the shutdown hook has closed the node.
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            shutdown(node, options.readyFile());
            closed.countDown();
        }, "esnode-shutdown"));
        node.start();

        int port = node.injector().getInstance(HttpServerTransport.class).boundAddress().publishAddress().getPort();
        awaitAnswering(port);
        ReadyFile.write(options.readyFile(), ProcessHandle.current().pid(), port, Build.current().qualifiedVersion(), options.clusterName());
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        System.out.println("esnode: ready on http://127.0.0.1:" + port + " after " + millis + " ms in main");
        closed.await();
    }

    static Settings nodeSettings(LaunchOptions options) throws IOException {
        Path home = options.home();
        for (String sub : List.of("data", "logs", "config")) {
            Files.createDirectories(home.resolve(sub));
        }
        try (InputStream logConfig = EsNodeMain.class.getResourceAsStream("log4j2.properties")) {
            Files.copy(logConfig, home.resolve("config").resolve("log4j2.properties"), StandardCopyOption.REPLACE_EXISTING);
        }
        return Settings.builder()
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("cluster.name", options.clusterName())
            .put("node.name", options.nodeName())
            .put("network.host", "127.0.0.1")
            .put("http.port", Integer.toString(options.httpPort()))
            .put("transport.port", "0")
            .put("discovery.type", "single-node")
            // Only the roles a search node needs: no ML, transform or tiered data roles.
            .putList("node.roles", "master", "data", "ingest")
            // Developer machines and CI runners often have nearly full disks; the watermarks would
            // otherwise make fresh indices read-only and tests fail for reasons unrelated to Satark.
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .build();
    }

    /** The HTTP port is bound before the node accepts requests; poll until it actually answers. */
    private static void awaitAnswering(int port) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/_cluster/health?wait_for_status=yellow&timeout=30s"))
            .timeout(Duration.ofSeconds(35))
            .build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        IOException last = null;
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                last = new IOException("cluster health answered " + response.statusCode() + ": " + response.body());
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(100);
        }
        throw new IOException("node did not answer on port " + port + " within 60 s", last);
    }

    private static void shutdown(Node node, Path readyFile) {
        try {
            Files.deleteIfExists(readyFile);
        } catch (IOException e) {
            System.err.println("esnode: could not remove ready file " + readyFile + ": " + e);
        }
        try {
            node.prepareForClose();
            node.close();
            if (node.awaitClose(20, TimeUnit.SECONDS) == false) {
                System.err.println("esnode: node did not close within 20 s");
            }
        } catch (IOException e) {
            System.err.println("esnode: error while closing the node: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
