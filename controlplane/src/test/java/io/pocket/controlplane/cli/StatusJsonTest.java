package io.pocket.controlplane.cli;

import io.pocket.protocol.ControllerMessages.ClusterStatus;
import io.pocket.protocol.ControllerMessages.JobStatus;
import io.pocket.protocol.ControllerMessages.ServerStatus;
import io.pocket.protocol.ControllerMessages.TierUsage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code pocket status --json}: the table's facts in bytes and milliseconds, lost servers out of the capacity. */
class StatusJsonTest
{
    private static final int BLOCK = 64 * 1024;

    @Test
    void holdsTheFactsOfTheTable()
    {
        final ClusterStatus status = new ClusterStatus(List.of("127.0.0.1:4322"),
            List.of(
                new ServerStatus(1, "127.0.0.1:5001", true, true, 0.25, 10, 20, List.of(new TierUsage(0, BLOCK, 16, 48))),
                new ServerStatus(2, "127.0.0.1:5002", false, true, 0, 0, 0, List.of(new TierUsage(1, BLOCK, 0, 2)), false, 42_000),
                new ServerStatus(3, "127.0.0.1:5003", true, false, 0.5, 0, 0, List.of(), true, 2_450)),
            List.of(new JobStatus("sort-1", "sort", "127.0.0.1:4322", List.of(0, 1)), new JobStatus("old-3", "old", "m:1")));

        assertEquals("{\"metadataServers\":[\"127.0.0.1:4322\"]," +
            "\"storageServers\":[" +
            "{\"id\":1,\"address\":\"127.0.0.1:5001\",\"state\":\"alive\",\"alwaysOn\":true,\"suspected\":false," +
            "\"silentMs\":0,\"cpu\":0.250,\"rxBytesPerSecond\":10,\"txBytesPerSecond\":20,\"tiers\":[{\"tier\":\"dram\"," +
            "\"blockSize\":65536,\"usedBytes\":1048576,\"freeBytes\":3145728,\"totalBytes\":4194304}]}," +
            "{\"id\":2,\"address\":\"127.0.0.1:5002\",\"state\":\"lost\",\"alwaysOn\":true,\"suspected\":false," +
            "\"silentMs\":42000,\"cpu\":0.000,\"rxBytesPerSecond\":0,\"txBytesPerSecond\":0,\"tiers\":[{\"tier\":\"nvme\"," +
            "\"blockSize\":65536,\"usedBytes\":0,\"freeBytes\":131072,\"totalBytes\":131072}]}," +
            "{\"id\":3,\"address\":\"127.0.0.1:5003\",\"state\":\"suspect\",\"alwaysOn\":false,\"suspected\":true," +
            "\"silentMs\":2450,\"cpu\":0.500,\"rxBytesPerSecond\":0,\"txBytesPerSecond\":0,\"tiers\":[]}]," +
            "\"capacity\":{\"usedBytes\":1048576,\"freeBytes\":3145728,\"totalBytes\":4194304}," +
            "\"capacityByTier\":[{\"tier\":\"dram\",\"usedBytes\":1048576,\"freeBytes\":3145728,\"totalBytes\":4194304}]," +
            "\"jobs\":[{\"id\":\"sort-1\",\"name\":\"sort\",\"metadataServer\":\"127.0.0.1:4322\",\"tiers\":[\"dram\",\"nvme\"]}," +
            "{\"id\":\"old-3\",\"name\":\"old\",\"metadataServer\":\"m:1\",\"tiers\":[]}]}", StatusJson.format(status));
    }

    @Test
    void escapesQuotesBackslashesAndControlCharacters()
    {
        assertEquals("\"a\\\"b\\\\c\\u000ad\"", StatusJson.string("a\"b\\c\nd"));
    }
}
