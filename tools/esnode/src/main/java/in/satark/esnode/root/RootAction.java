package in.satark.esnode.root;

import org.elasticsearch.Build;
import org.elasticsearch.client.internal.node.NodeClient;
import org.elasticsearch.cluster.ClusterState;
import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.index.IndexVersion;
import org.elasticsearch.rest.BaseRestHandler;
import org.elasticsearch.rest.RestRequest;
import org.elasticsearch.rest.RestResponse;
import org.elasticsearch.rest.RestStatus;
import org.elasticsearch.xcontent.XContentBuilder;

import java.util.List;
import java.util.function.Supplier;

import static org.elasticsearch.rest.RestRequest.Method.GET;
import static org.elasticsearch.rest.RestRequest.Method.HEAD;

/**
 * The root document in the stock shape. HEAD shares the handler: the HTTP layer drops the body of
 * HEAD responses and keeps the status and headers, including {@code X-elastic-product}, which the
 * rest controller adds to every response.
 */
final class RootAction extends BaseRestHandler {
    static final String TAGLINE = "You Know, for Search";

    private final Supplier<ClusterService> clusterService;

    RootAction(Supplier<ClusterService> clusterService) {
        this.clusterService = clusterService;
    }

    @Override
    public String getName() {
        return "satark_root_action";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(GET, "/"), new Route(HEAD, "/"));
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
        ClusterService service = clusterService.get();
        if (service == null) {
            throw new IllegalStateException("root endpoint called before the node finished starting");
        }
        ClusterState state = service.state();
        return channel -> {
            XContentBuilder builder = channel.newBuilder();
            // The stock endpoint pretty-prints unless told otherwise; curl users expect it.
            if (request.hasParam("pretty") == false) {
                builder.prettyPrint().lfAtEnd();
            }
            writeRoot(builder, service, state);
            channel.sendResponse(new RestResponse(RestStatus.OK, builder));
        };
    }

    private static void writeRoot(XContentBuilder builder, ClusterService service, ClusterState state) throws java.io.IOException {
        Build build = Build.current();
        builder.startObject();
        builder.field("name", service.localNode().getName());
        builder.field("cluster_name", service.getClusterName().value());
        builder.field("cluster_uuid", state.metadata().clusterUUID());
        builder.startObject("version");
        builder.field("number", build.qualifiedVersion());
        builder.field("build_flavor", build.flavor());
        builder.field("build_type", build.type().displayName());
        builder.field("build_hash", build.hash());
        builder.field("build_date", build.date());
        builder.field("build_snapshot", build.isSnapshot());
        builder.field("lucene_version", IndexVersion.current().luceneVersion().toString());
        builder.field("minimum_wire_compatibility_version", build.minWireCompatVersion());
        builder.field("minimum_index_compatibility_version", build.minIndexCompatVersion());
        builder.endObject();
        builder.field("tagline", TAGLINE);
        builder.endObject();
    }
}
