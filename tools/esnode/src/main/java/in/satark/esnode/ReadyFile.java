package in.satark.esnode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The file a launcher polls for: it appears, complete, only once the node answers HTTP.
 * Written to a sibling and renamed so a reader never sees half a document.
 */
final class ReadyFile {
    private ReadyFile() {}

    static void write(Path target, long pid, int httpPort, String version, String clusterName) throws IOException {
        String json = "{\"pid\": " + pid
            + ", \"http_port\": " + httpPort
            + ", \"url\": \"http://127.0.0.1:" + httpPort + "\""
            + ", \"version\": \"" + version + "\""
            + ", \"cluster_name\": \"" + clusterName.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}\n";
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        Files.writeString(partial, json, StandardCharsets.UTF_8);
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
