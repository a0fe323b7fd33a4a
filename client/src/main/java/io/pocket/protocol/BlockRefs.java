package io.pocket.protocol;

import java.util.ArrayList;
import java.util.List;

/** Lists of block references on the wire: i32 count, then 32-byte {@link BlockRefFlyweight}s. */
public final class BlockRefs
{
    private BlockRefs()
    {
    }

    public static void writeList(final MessageWriter w, final List<BlockRef> refs)
    {
        w.putInt(refs.size());
        for (int i = 0, n = refs.size(); i < n; i++)
        {
            refs.get(i).write(w);
        }
    }

    public static List<BlockRef> readList(final MessageReader r)
    {
        final int n = r.getCount(BlockRefFlyweight.LENGTH);
        final List<BlockRef> refs = new ArrayList<>(n);
        for (int i = 0; i < n; i++)
        {
            refs.add(BlockRef.read(r));
        }
        return refs;
    }
}
