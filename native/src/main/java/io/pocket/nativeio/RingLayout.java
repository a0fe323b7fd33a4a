package io.pocket.nativeio;

/** Indices into the layout array {@code ringSetup} fills; must match the enum in {@code pocket_native.c}. */
final class RingLayout
{
    static final int SQ_RING = 0;
    static final int SQ_RING_SIZE = 1;
    static final int CQ_RING = 2;
    static final int CQ_RING_SIZE = 3;
    static final int SQES = 4;
    static final int SQES_SIZE = 5;
    static final int SQ_ENTRIES = 6;
    static final int CQ_ENTRIES = 7;
    static final int FEATURES = 8;
    static final int SQ_HEAD = 9;
    static final int SQ_TAIL = 10;
    static final int SQ_MASK = 11;
    static final int SQ_FLAGS = 12;
    static final int SQ_DROPPED = 13;
    static final int SQ_ARRAY = 14;
    static final int CQ_HEAD = 15;
    static final int CQ_TAIL = 16;
    static final int CQ_MASK = 17;
    static final int CQ_OVERFLOW = 18;
    static final int CQES = 19;

    private RingLayout()
    {
    }
}
