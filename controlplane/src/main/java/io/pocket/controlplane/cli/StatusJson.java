package io.pocket.controlplane.cli;

import io.pocket.protocol.ControllerMessages.ClusterStatus;
import io.pocket.protocol.ControllerMessages.JobStatus;
import io.pocket.protocol.ControllerMessages.ServerStatus;
import io.pocket.protocol.ControllerMessages.TierUsage;

import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * {@code pocket status --json}: the facts of the table as one JSON object, sizes in bytes and times in
 * milliseconds, for scripts and monitoring. docs/client.md ("status --json") lists its fields.
 */
final class StatusJson
{
    private StatusJson()
    {
    }

    /** The status as one line of JSON. */
    static String format(final ClusterStatus status)
    {
        final StringBuilder sb = new StringBuilder("{\"metadataServers\":");
        array(sb, status.metadataAddresses(), StatusJson::string);
        sb.append(",\"storageServers\":");
        array(sb, status.servers(), StatusJson::server);
        final TreeMap<Integer, long[]> byTier = new TreeMap<>();
        status.servers().stream().filter(ServerStatus::alive).flatMap(s -> s.tiers().stream()).forEach(t ->
        {
            final long[] usedFree = byTier.computeIfAbsent(t.tier(), k -> new long[2]);
            usedFree[0] += t.usedBlocks() * t.blockSize();
            usedFree[1] += t.freeBlocks() * t.blockSize();
        });
        final long used = byTier.values().stream().mapToLong(a -> a[0]).sum();
        final long free = byTier.values().stream().mapToLong(a -> a[1]).sum();
        sb.append(",\"capacity\":").append(capacity(used, free, null)).append(",\"capacityByTier\":");
        array(sb, List.copyOf(byTier.entrySet()), e -> capacity(e.getValue()[0], e.getValue()[1], e.getKey()));
        sb.append(",\"jobs\":");
        array(sb, status.jobs(), StatusJson::job);
        return sb.append('}').toString();
    }

    private static String server(final ServerStatus s)
    {
        final StringBuilder sb = new StringBuilder("{\"id\":").append(s.serverId())
            .append(",\"address\":").append(string(s.address()))
            .append(",\"state\":").append(string(StatusPrinter.state(s)))
            .append(",\"alwaysOn\":").append(s.alwaysOn())
            .append(",\"suspected\":").append(s.suspected())
            .append(",\"silentMs\":").append(s.silentMs())
            .append(",\"cpu\":").append(String.format(Locale.ROOT, "%.3f", Math.max(0, s.cpu())))
            .append(",\"rxBytesPerSecond\":").append(s.rxBytesPerSecond())
            .append(",\"txBytesPerSecond\":").append(s.txBytesPerSecond())
            .append(",\"tiers\":");
        array(sb, s.tiers(), StatusJson::tier);
        return sb.append('}').toString();
    }

    private static String tier(final TierUsage t)
    {
        final long used = t.usedBlocks() * t.blockSize();
        final long free = t.freeBlocks() * t.blockSize();
        return "{\"tier\":" + string(StatusPrinter.tierName(t.tier())) + ",\"blockSize\":" + t.blockSize() +
            ",\"usedBytes\":" + used + ",\"freeBytes\":" + free + ",\"totalBytes\":" + (used + free) + "}";
    }

    private static String capacity(final long used, final long free, final Integer tier)
    {
        return "{" + (tier == null ? "" : "\"tier\":" + string(StatusPrinter.tierName(tier)) + ",") +
            "\"usedBytes\":" + used + ",\"freeBytes\":" + free + ",\"totalBytes\":" + (used + free) + "}";
    }

    private static String job(final JobStatus j)
    {
        final StringBuilder sb = new StringBuilder("{\"id\":").append(string(j.jobId()))
            .append(",\"name\":").append(string(j.name()))
            .append(",\"metadataServer\":").append(string(j.metadataAddress()))
            .append(",\"tiers\":");
        array(sb, j.tiers(), tier -> string(StatusPrinter.tierName(tier)));
        return sb.append('}').toString();
    }

    private static <T> void array(final StringBuilder sb, final List<T> items, final Function<T, String> element)
    {
        sb.append('[');
        for (int i = 0; i < items.size(); i++)
        {
            sb.append(i == 0 ? "" : ",").append(element.apply(items.get(i)));
        }
        sb.append(']');
    }

    /** A JSON string: quotes, backslashes and control characters escaped. */
    static String string(final String value)
    {
        final StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            if (c == '"' || c == '\\')
            {
                sb.append('\\').append(c);
            }
            else if (c < 0x20)
            {
                sb.append(String.format(Locale.ROOT, "\\u%04x", (int)c));
            }
            else
            {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
