package io.pocket.controlplane.system;

import io.pocket.client.ClientContext;
import io.pocket.client.PocketClient;
import io.pocket.controlplane.cluster.LocalCluster;
import io.pocket.controlplane.cluster.LocalClusterContext;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real in-process cluster and one client shared by the tests of a class: register it as a
 * static {@code @RegisterExtension} field; it starts before the first test and stops after the last.
 */
final class ClusterResource implements BeforeAllCallback, AfterAllCallback
{
    private final LocalClusterContext clusterContext;
    private final ClientContext clientContext;
    private LocalCluster cluster;
    private PocketClient client;

    ClusterResource(final LocalClusterContext clusterContext)
    {
        this(clusterContext, new ClientContext());
    }

    ClusterResource(final LocalClusterContext clusterContext, final ClientContext clientContext)
    {
        this.clusterContext = clusterContext;
        this.clientContext = clientContext;
    }

    @Override
    public void beforeAll(final ExtensionContext context)
    {
        cluster = LocalCluster.start(clusterContext);
        client = PocketClient.connect(cluster.controllerAddress(), clientContext);
    }

    @Override
    public void afterAll(final ExtensionContext context)
    {
        if (client != null)
        {
            client.close();
        }
        if (cluster != null)
        {
            cluster.close();
        }
    }

    LocalCluster cluster()
    {
        return cluster;
    }

    PocketClient client()
    {
        return client;
    }
}
