package io.pocket.dataplane.tier;

import io.pocket.client.InvalidArgumentException;
import io.pocket.protocol.TierKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Geometry, generations and the kept generation table of {@link NvmeTier} and {@link DiskTier}. */
class DeviceTierTest
{
    private static final int BLOCK = 64 * 1024;
    private static final long SIZE = 16L * BLOCK;
    private static final Path DIR = Path.of("target", "device-tests");

    private Path file;
    private Path table;

    @BeforeEach
    void files(final TestInfo info) throws IOException
    {
        Files.createDirectories(DIR);
        file = DIR.resolve("DeviceTierTest-" + info.getTestMethod().orElseThrow().getName() + ".nvme");
        table = GenerationTableFile.pathFor(file);
        Files.deleteIfExists(file);
        Files.deleteIfExists(table);
    }

    @AfterEach
    void deleteFiles() throws IOException
    {
        Files.deleteIfExists(file);
        Files.deleteIfExists(table);
    }

    @Test
    void shouldCutTheFileIntoAlignedBlocks()
    {
        try (NvmeTier tier = NvmeTier.open(file, SIZE + 100, BLOCK, false))
        {
            assertEquals(TierKind.NVME, tier.kind());
            assertEquals(16, tier.blockCount());
            assertEquals(BLOCK, tier.blockSize());
            assertEquals(SIZE, tier.capacityBytes());
            assertEquals(0, tier.fileOffset(0));
            assertEquals(15L * BLOCK, tier.fileOffset(15));
            assertEquals(0, tier.fileOffset(15) % tier.alignment());
            assertEquals(NvmeTier.DEFAULT_QUEUE_DEPTH, tier.defaultQueueDepth());
            assertEquals(16, tier.freeBlocks());
        }
        try (DiskTier tier = DiskTier.open(file, SIZE, BLOCK, false))
        {
            assertEquals(TierKind.DISK, tier.kind());
            assertEquals(DiskTier.DEFAULT_QUEUE_DEPTH, tier.defaultQueueDepth());
        }
    }

    @Test
    void shouldKeepGenerationsAsTheDramTierDoes()
    {
        try (NvmeTier tier = NvmeTier.open(file, SIZE, BLOCK, false))
        {
            assertEquals(BlockStatus.OK, tier.beginWrite(3, 2, 0, BLOCK));
            assertEquals(BlockStatus.OK, tier.beginWrite(3, 2, 4096, 100));
            assertEquals(BlockStatus.STALE_GENERATION, tier.beginWrite(3, 1, 0, BLOCK));
            assertEquals(BlockStatus.STALE_GENERATION, tier.beginWrite(3, 0, 0, BLOCK));
            assertEquals(BlockStatus.OK, tier.checkRead(3, 2, 100, 200));
            assertEquals(BlockStatus.OK, tier.confirmRead(3, 2));
            assertEquals(BlockStatus.STALE_GENERATION, tier.checkRead(3, 1, 0, 1));
            assertEquals(BlockStatus.NOT_WRITTEN, tier.checkRead(3, 3, 0, 1));
            assertEquals(BlockStatus.OUT_OF_RANGE, tier.beginWrite(16, 1, 0, 1));
            assertEquals(BlockStatus.OUT_OF_RANGE, tier.free(-1, 1));
            assertEquals(BlockStatus.MISALIGNED_OR_TOO_LONG, tier.checkRead(3, 2, BLOCK - 1, 2));
            assertEquals(1, tier.usedBlocks());

            assertEquals(BlockStatus.NOT_WRITTEN, tier.free(3, 5));
            assertEquals(-5, tier.generation(3));
            assertEquals(BlockStatus.STALE_GENERATION, tier.beginWrite(3, 5, 0, 1));
            assertEquals(BlockStatus.OK, tier.beginWrite(3, 6, 0, 1));
            assertEquals(BlockStatus.OK, tier.free(3, 6));
            assertEquals(BlockStatus.STALE_GENERATION, tier.free(3, 6));
            assertEquals(0, tier.usedBlocks());

            assertEquals(BlockStatus.OK, tier.beginWrite(7, 1, 0, 1));
            tier.reset();
            assertEquals(0, tier.generation(7));
            assertEquals(0, tier.usedBlocks());
            assertEquals(16, tier.freeBlocks());
            tier.close();
            assertEquals(BlockStatus.CLOSED, tier.beginWrite(7, 1, 0, 1));
            assertEquals(BlockStatus.CLOSED, tier.checkRead(7, 1, 0, 1));
            assertEquals(BlockStatus.CLOSED, tier.free(7, 1));
            assertTrue(tier.isClosed());
        }
    }

    @Test
    void shouldSaveTheTableOnCloseAndLoadItOnlyWhenKept()
    {
        try (NvmeTier tier = NvmeTier.open(file, SIZE, BLOCK, true))
        {
            assertEquals(BlockStatus.OK, tier.beginWrite(1, 4, 0, BLOCK));
            assertEquals(BlockStatus.OK, tier.beginWrite(2, 9, 0, BLOCK));
            assertEquals(BlockStatus.OK, tier.free(2, 9));
        }
        assertTrue(Files.exists(table));

        try (NvmeTier tier = NvmeTier.open(file, SIZE, BLOCK, true))
        {
            assertFalse(Files.exists(table), "deleted once loaded, so a crash cannot bring back a stale table");
            assertEquals(1, tier.usedBlocks());
            assertEquals(4, tier.generation(1));
            assertEquals(-9, tier.generation(2));
            assertEquals(BlockStatus.OK, tier.checkRead(1, 4, 0, BLOCK));
        }

        try (NvmeTier tier = NvmeTier.open(file, SIZE, BLOCK, false))
        {
            assertFalse(Files.exists(table));
            assertEquals(0, tier.usedBlocks());
            assertEquals(0, tier.generation(1));
        }
        assertFalse(Files.exists(table), "an ephemeral tier saves nothing");
    }

    @Test
    void shouldStartEmptyAfterAStopThatWasNotClean()
    {
        try (NvmeTier tier = NvmeTier.open(file, SIZE, BLOCK, true))
        {
            assertEquals(BlockStatus.OK, tier.beginWrite(1, 4, 0, BLOCK));
        }
        final NvmeTier crashed = NvmeTier.open(file, SIZE, BLOCK, true);
        assertEquals(1, crashed.usedBlocks());
        assertEquals(BlockStatus.OK, crashed.beginWrite(2, 1, 0, BLOCK));
        crashed.file().close();

        try (NvmeTier tier = NvmeTier.open(file, SIZE, BLOCK, true))
        {
            assertEquals(0, tier.usedBlocks());
        }
    }

    @Test
    void shouldRefuseATableSavedForAnotherGeometryOrCorrupted() throws IOException
    {
        try (NvmeTier tier = NvmeTier.open(file, SIZE, BLOCK, true))
        {
            assertEquals(BlockStatus.OK, tier.beginWrite(1, 4, 0, BLOCK));
        }
        final byte[] saved = Files.readAllBytes(table);
        final InvalidArgumentException geometry = assertThrows(InvalidArgumentException.class,
            () -> NvmeTier.open(file, SIZE / 2, BLOCK, true));
        assertTrue(geometry.getMessage().contains("saved for 16 blocks of 65536 bytes"), geometry.getMessage());

        saved[saved.length - 12] ^= 1;
        Files.write(table, saved);
        final InvalidArgumentException corrupt = assertThrows(InvalidArgumentException.class,
            () -> NvmeTier.open(file, SIZE, BLOCK, true));
        assertTrue(corrupt.getMessage().contains("checksum"), corrupt.getMessage());
    }

    @Test
    void shouldRefuseTooSmallDevicesAndResetEphemeralFiles() throws IOException
    {
        assertThrows(InvalidArgumentException.class, () -> NvmeTier.open(file, BLOCK - 1, BLOCK, false));
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw"))
        {
            raw.setLength(SIZE);
            raw.seek(BLOCK);
            raw.write(new byte[] {1, 2, 3});
        }
        try (NvmeTier tier = NvmeTier.open(file, SIZE, BLOCK, false))
        {
            assertEquals(16, tier.blockCount());
        }
        final byte[] after = Files.readAllBytes(file);
        assertEquals(0, after[BLOCK]);
    }
}
