package io.pocket.controlplane.controller;

import io.pocket.client.PocketException;
import io.pocket.protocol.ControllerMessages.ServerStatus;
import io.pocket.protocol.ErrorCode;
import io.pocket.protocol.WeightEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loss detection and draining, driven by the fixture's manual clock. */
class ControllerLivenessTest
{
    private ControllerFixture f;
    private TestControllerClient client;

    @BeforeEach
    void start()
    {
        f = new ControllerFixture();
        client = f.client;
        client.registerMetadata(f.metadata.address());
        client.registerStorage("127.0.0.1", 7001, true, 100);
        client.registerStorage("127.0.0.1", 7002, true, 100);
    }

    @AfterEach
    void stop()
    {
        f.close();
    }

    @Test
    void aSilentServerIsDeclaredLostOnce() throws Exception
    {
        f.advance(2_000);
        assertEquals(0, client.heartbeat(2, 0.1, 0, 100));
        assertEquals(0, f.controller.checkLiveness(), "nobody is silent for more than 3 s yet");

        f.advance(1_500);
        assertEquals(1, f.controller.checkLiveness());
        assertEquals(1, f.metadata.nextLostServer());
        assertEquals(0, f.controller.checkLiveness(), "a lost server is declared lost only once");

        final List<ServerStatus> servers = client.status().servers();
        assertFalse(servers.get(0).alive());
        assertTrue(servers.get(1).alive());

        final PocketException ex = assertThrows(PocketException.class, () -> client.heartbeat(1, 0.1, 0, 100));
        assertEquals(ErrorCode.UNKNOWN_SERVER, ex.code());
        assertFalse(client.status().servers().get(0).alive(), "a heartbeat does not revive a lost server");

        assertEquals(List.of(new WeightEntry(2, 1.0)), client.registerJob("sort").weights());
        assertEquals(List.of(new WeightEntry(2, 1.0)), f.metadata.nextCreatedJob().weights());
    }

    @Test
    void aLostServerComesBackUnderANewId()
    {
        f.advance(3_001);
        assertEquals(2, f.controller.checkLiveness());

        assertEquals(3, client.registerStorage("127.0.0.1", 7001, true, 100).serverId());
        assertEquals(List.of(new WeightEntry(3, 1.0)), client.registerJob("sort").weights());
        assertEquals(List.of(false, false, true), client.status().servers().stream().map(ServerStatus::alive).toList());
    }

    @Test
    void aServerRegisteringAgainAtItsAddressReplacesItsOldSelf() throws Exception
    {
        assertEquals(3, client.registerStorage("127.0.0.1", 7002, true, 100).serverId());
        assertEquals(2, f.metadata.nextLostServer());
        assertEquals(List.of(true, false, true), client.status().servers().stream().map(ServerStatus::alive).toList());
    }

    @Test
    void thePeriodicCheckFindsLostServersByItself() throws Exception
    {
        try (ControllerFixture fast = new ControllerFixture(10, 3_000))
        {
            fast.client.registerMetadata(fast.metadata.address());
            fast.client.registerStorage("127.0.0.1", 7001, true, 100);
            // time passes in steps the periodic check sees, as a real clock's would: no step is a stall
            final long deadline = System.nanoTime() + 10_000_000_000L;
            while (fast.metadata.lostServers.isEmpty() && System.nanoTime() < deadline)
            {
                fast.advance(200);
                Thread.sleep(5);
            }
            assertEquals(1, fast.metadata.nextLostServer());
            assertFalse(fast.client.status().servers().get(0).alive());
        }
    }

    @Test
    void aPauseOfTheControllerIsNotSilenceOfTheServers() throws Exception
    {
        try (ControllerFixture paused = new ControllerFixture(ctx -> ctx.livenessCheckPeriodMs(250)))
        {
            paused.client.registerMetadata(paused.metadata.address());
            paused.client.registerStorage("127.0.0.1", 7001, true, 100);
            paused.client.registerStorage("127.0.0.1", 7002, true, 100);
            assertEquals(0, paused.controller.checkLiveness());

            paused.advance(60_000);
            assertEquals(0, paused.controller.checkLiveness(), "a minute of the controller's own pause is not silence");
            assertTrue(paused.client.status().servers().stream().allMatch(ServerStatus::alive));

            // awake again: server 1 beats, server 2 stays silent and is declared lost after lostAfterMs
            int lost = 0;
            for (int step = 0; step < 7; step++)
            {
                paused.advance(500);
                assertEquals(0, paused.client.heartbeat(1, 0.1, 0, 100));
                lost += paused.controller.checkLiveness();
            }
            assertEquals(1, lost);
            assertEquals(2, paused.metadata.nextLostServer());
            assertEquals(List.of(true, false),
                paused.client.status().servers().stream().map(ServerStatus::alive).toList());
        }
    }

    @Test
    void aLateServerIsSuspectedBeforeItIsLost()
    {
        f.advance(1_500);
        assertFalse(client.status().servers().get(0).suspected(), "one missed heartbeat is not a suspicion");
        f.advance(1_000);
        final ServerStatus late = client.status().servers().get(0);
        assertTrue(late.alive() && late.suspected(), late.toString());
        assertEquals(2_500, late.silentMs());
        assertEquals(0, client.heartbeat(1, 0.1, 0, 100));
        assertFalse(client.status().servers().get(0).suspected());
    }

    @Test
    void heartbeatsOfUnknownServersAreRefused()
    {
        final PocketException ex = assertThrows(PocketException.class, () -> client.heartbeat(42, 0.1, 0, 100));
        assertEquals(ErrorCode.UNKNOWN_SERVER, ex.code());
    }

    @Test
    void aDrainedServerIsToldToExitAndGetsNoNewJobs() throws Exception
    {
        assertTrue(f.controller.drain(1));
        assertFalse(f.controller.drain(99));
        assertEquals(1, client.heartbeat(1, 0.1, 5, 95));
        assertEquals(1, client.heartbeat(1, 0.1, 5, 95));
        assertEquals(0, client.heartbeat(2, 0.1, 0, 100));
        assertEquals(List.of(new WeightEntry(2, 1.0)), client.registerJob("sort").weights());
        assertNull(f.metadata.lostServers.poll());
    }
}
