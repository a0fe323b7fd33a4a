package io.pocket.bench.sort;

import java.util.List;
import java.util.Locale;

/**
 * Outcome of one {@link SortJob} run: timings, shuffle volume and verification. Throughputs are in
 * MB/s with MB = 10^6 bytes: the map phase's is bytes put / map time, the reduce phase's is bytes got /
 * reduce time (both phases include the compute around the store calls: generating, partitioning,
 * sorting), and the shuffle throughput is (bytes put + bytes got) / (map time + reduce time).
 *
 * @param store               name of the shuffle store
 * @param mappers             map tasks
 * @param reducers            reduce tasks
 * @param records             records the mappers generated
 * @param bytes               bytes the mappers generated
 * @param outputRecords       records the reducers received
 * @param mapSeconds          map phase wall time
 * @param reduceSeconds       reduce phase wall time
 * @param totalSeconds        whole job including verification
 * @param shuffleBytesWritten bytes put into the store
 * @param shuffleBytesRead    bytes got from the store
 * @param inputChecksum       sum of the hashes of the generated records
 * @param outputChecksum      sum of the hashes of the records the reducers received
 * @param sorted              every reducer's output is sorted and in its key range, and key ranges follow
 *                            each other in reducer order
 * @param problems            what verification found wrong, empty when {@link #ok()}
 */
public record SortResult(
    String store,
    int mappers,
    int reducers,
    long records,
    long bytes,
    long outputRecords,
    double mapSeconds,
    double reduceSeconds,
    double totalSeconds,
    long shuffleBytesWritten,
    long shuffleBytesRead,
    long inputChecksum,
    long outputChecksum,
    boolean sorted,
    List<String> problems)
{
    private static final double MB = 1e6;

    public SortResult
    {
        problems = List.copyOf(problems);
    }

    /** Bytes that went through the store: written plus read. */
    public long shuffleBytes()
    {
        return shuffleBytesWritten + shuffleBytesRead;
    }

    /** The reducers received as many records as were generated, with the same checksum. */
    public boolean checksumsMatch()
    {
        return outputRecords == records && outputChecksum == inputChecksum;
    }

    /** Everything checked out: complete, unaltered and sorted output. */
    public boolean ok()
    {
        return checksumsMatch() && sorted && shuffleBytesRead == shuffleBytesWritten && problems.isEmpty();
    }

    /** Bytes put per second of map phase, in MB/s. */
    public double mapMegabytesPerSecond()
    {
        return rate(shuffleBytesWritten, mapSeconds);
    }

    /** Bytes got per second of reduce phase, in MB/s. */
    public double reduceMegabytesPerSecond()
    {
        return rate(shuffleBytesRead, reduceSeconds);
    }

    /** Bytes put and got per second of map and reduce phase together, in MB/s. */
    public double shuffleMegabytesPerSecond()
    {
        return rate(shuffleBytes(), mapSeconds + reduceSeconds);
    }

    /** A multi-line human summary. */
    public String report()
    {
        final StringBuilder out = new StringBuilder();
        out.append(format("sort through %s: %,d records, %.1f MB, %d mappers x %d reducers%n",
            store, records, bytes / MB, mappers, reducers));
        out.append(format("  map     %8.2f s   put %9.1f MB  %8.1f MB/s%n",
            mapSeconds, shuffleBytesWritten / MB, mapMegabytesPerSecond()));
        out.append(format("  reduce  %8.2f s   got %9.1f MB  %8.1f MB/s%n",
            reduceSeconds, shuffleBytesRead / MB, reduceMegabytesPerSecond()));
        out.append(format("  shuffle %8.2f s       %9.1f MB  %8.1f MB/s (put + got over map + reduce time)%n",
            mapSeconds + reduceSeconds, shuffleBytes() / MB, shuffleMegabytesPerSecond()));
        out.append(format("  total   %8.2f s%n", totalSeconds));
        out.append(format("  records %,d generated, %,d sorted; checksum %016x / %016x; %s, %s%n",
            records, outputRecords, inputChecksum, outputChecksum,
            checksumsMatch() ? "complete" : "INCOMPLETE OR ALTERED", sorted ? "sorted" : "NOT SORTED"));
        for (final String problem : problems)
        {
            out.append("  problem: ").append(problem).append(System.lineSeparator());
        }
        out.append(ok() ? "  result: OK" : "  result: FAILED");
        return out.toString();
    }

    private static double rate(final long bytes, final double seconds)
    {
        return seconds > 0 ? bytes / MB / seconds : 0;
    }

    private static String format(final String pattern, final Object... args)
    {
        return String.format(Locale.ROOT, pattern, args);
    }
}
