package io.pocket.controlplane.system;

import io.pocket.client.ClientContext;
import io.pocket.client.Job;
import io.pocket.client.OutOfCapacityException;
import io.pocket.client.PocketClient;
import io.pocket.controlplane.controller.Controller;
import io.pocket.controlplane.controller.ControllerContext;
import io.pocket.controlplane.metadata.MetadataServer;
import io.pocket.controlplane.metadata.MetadataServerContext;
import io.pocket.controlplane.metadata.core.MetadataStore;
import io.pocket.dataplane.StorageServer;
import io.pocket.dataplane.StorageServerContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static io.pocket.controlplane.system.DataPathFixture.KIB;
import static io.pocket.controlplane.system.InlineObjectsSystemTest.bytes;
import static io.pocket.controlplane.system.InlineObjectsSystemTest.toArray;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The inline budget of a metadata server (6 KiB here) and what happens beyond it: small puts go
 * through blocks, and with the blocks full too they fail with OUT_OF_CAPACITY. One storage server
 * of two 4 KiB blocks; a client whose inline limit is off puts small objects through blocks.
 */
class InlineBudgetSystemTest
{
    static final int BLOCK = 4 * KIB;

    private static Controller controller;
    private static MetadataServer metadata;
    private static StorageServer storage;
    private static PocketClient client;

    @BeforeAll
    static void start()
    {
        controller = Controller.start(new ControllerContext().host("127.0.0.1").port(0));
        metadata = MetadataServer.start(new MetadataServerContext().controller(controller.address()).bindHost("127.0.0.1")
            .port(0).blockSize(BLOCK).inlineMaxBytes(BLOCK).inlineBudget(6 * KIB));
        storage = StorageServer.start(new StorageServerContext().controller(controller.address()).bindHost("127.0.0.1")
            .advertiseHost("127.0.0.1").port(0).dram(2L * BLOCK).blockSize(BLOCK));
        client = PocketClient.connect(controller.address());
        DataPathFixture.awaitTrue("storage capacity offered", () -> store().stats().totalBlocks() == 2);
    }

    @AfterAll
    static void stop()
    {
        for (final AutoCloseable c : new AutoCloseable[] {client, storage, metadata, controller})
        {
            try
            {
                if (c != null)
                {
                    c.close();
                }
            }
            catch (final Exception ignore)
            {
                // best effort
            }
        }
    }

    private static MetadataStore store()
    {
        return metadata.store();
    }

    @Test
    void pastTheBudgetSmallPutsUseBlocksThenRunOutOfCapacity()
    {
        final Job job = client.registerJob("budget", null);
        job.put("a", bytes(BLOCK, 1));
        assertEquals(BLOCK, store().inline().usedBytes());
        assertEquals(0, store().stats().allocatedBlocks());

        job.put("b", bytes(BLOCK, 2));
        assertEquals(BLOCK, store().inline().usedBytes(), "b does not fit the budget");
        assertEquals(1, store().stats().allocatedBlocks(), "b went to a block");

        job.put("c", bytes(2 * KIB, 3));
        assertEquals(6 * KIB, store().inline().usedBytes(), "c fits what is left of the budget");
        job.put("d", bytes(100, 4));
        assertEquals(2, store().stats().allocatedBlocks(), "d went to the last block");
        final OutOfCapacityException full = assertThrows(OutOfCapacityException.class, () -> job.put("e", bytes(1, 5)));
        assertEquals(io.pocket.protocol.ErrorCode.OUT_OF_CAPACITY, full.code());

        for (final String name : new String[] {"a", "b", "c", "d"})
        {
            assertArrayEquals(bytes(name.equals("c") ? 2 * KIB : name.equals("d") ? 100 : BLOCK, name.charAt(0) - 'a' + 1),
                toArray(job.get(name)), name);
        }
        job.delete("a");
        job.put("e", bytes(1, 5));
        assertEquals(2 * KIB + 1, store().inline().usedBytes(), "freed budget is used again");
        job.deregister();
        assertEquals(0, store().inline().usedBytes());
        assertEquals(0, store().stats().allocatedBlocks());
    }

    @Test
    void aClientWithInlineOffUsesBlocks()
    {
        try (PocketClient blocksOnly = PocketClient.connect(controller.address(), new ClientContext().inlineMaxBytes(0)))
        {
            final Job job = blocksOnly.registerJob("no-inline", null);
            job.put("x", bytes(10, 1));
            assertEquals(0, store().inline().usedBytes());
            assertEquals(1, store().stats().allocatedBlocks());
            assertArrayEquals(bytes(10, 1), toArray(client.attach(job.id()).get("x")));
            final ByteBuffer into = ByteBuffer.allocate(10);
            job.get("x", into);
            assertArrayEquals(bytes(10, 1), into.array());
            job.deregister();
            assertEquals(0, store().stats().allocatedBlocks());
        }
    }
}
