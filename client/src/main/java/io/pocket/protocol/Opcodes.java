package io.pocket.protocol;

/**
 * Message types. A response carries the opcode of its request with {@link FrameHeader#FLAG_RESPONSE}
 * set. Values are stable on the wire; never renumber. Layouts are in {@code docs/protocol.md}.
 */
public final class Opcodes
{
    /** First frame on every connection: magic and protocol version. */
    public static final int HELLO = 1;

    // Controller
    public static final int REGISTER_JOB = 10;
    public static final int ATTACH_JOB = 11;
    public static final int DEREGISTER_JOB = 12;
    public static final int REGISTER_STORAGE = 13;
    public static final int STORAGE_HEARTBEAT = 14;
    public static final int REGISTER_METADATA = 15;
    public static final int CLUSTER_STATUS = 16;
    /** A metadata server's periodic check that the controller still knows it (a restarted one does not). */
    public static final int METADATA_HEARTBEAT = 17;
    /** A storage server stopping cleanly tells the controller it leaves: it is "left", not lost. */
    public static final int STORAGE_LEAVE = 18;

    // Metadata server, called by the controller or storage servers
    public static final int CREATE_JOB = 30;
    public static final int FREE_JOB = 31;
    public static final int SET_WEIGHTS = 32;
    public static final int SERVER_LOST = 33;
    public static final int ADD_CAPACITY = 34;
    /** A storage server declared lost came back with its memory intact: its blocks are available again. */
    public static final int SERVER_BACK = 35;
    /** A storage server left the cluster cleanly: as SERVER_LOST, its blocks are gone, but it is no failure. */
    public static final int SERVER_LEFT = 36;

    // Metadata server, called by clients
    public static final int CREATE_OBJECT = 40;
    public static final int ALLOCATE_BLOCKS = 41;
    public static final int SEAL_OBJECT = 42;
    public static final int ABORT_OBJECT = 43;
    public static final int LOOKUP = 44;
    public static final int RELEASE = 45;
    public static final int DELETE_OBJECT = 46;
    public static final int CREATE_BUCKET = 47;
    public static final int DELETE_BUCKET = 48;
    public static final int ENUMERATE = 49;
    public static final int SERVER_ADDRESS = 50;
    /** Create, write and seal a small object in one request; its bytes live on the metadata server. */
    public static final int PUT_INLINE = 51;

    // Storage server
    public static final int WRITE_BLOCK = 60;
    public static final int READ_BLOCK = 61;
    public static final int FREE_BLOCKS = 62;

    private Opcodes()
    {
    }

    /** A readable name for logs and error messages. */
    public static String name(final int opcode)
    {
        switch (opcode)
        {
            case HELLO: return "HELLO";
            case REGISTER_JOB: return "REGISTER_JOB";
            case ATTACH_JOB: return "ATTACH_JOB";
            case DEREGISTER_JOB: return "DEREGISTER_JOB";
            case REGISTER_STORAGE: return "REGISTER_STORAGE";
            case STORAGE_HEARTBEAT: return "STORAGE_HEARTBEAT";
            case REGISTER_METADATA: return "REGISTER_METADATA";
            case CLUSTER_STATUS: return "CLUSTER_STATUS";
            case METADATA_HEARTBEAT: return "METADATA_HEARTBEAT";
            case STORAGE_LEAVE: return "STORAGE_LEAVE";
            case CREATE_JOB: return "CREATE_JOB";
            case FREE_JOB: return "FREE_JOB";
            case SET_WEIGHTS: return "SET_WEIGHTS";
            case SERVER_LOST: return "SERVER_LOST";
            case ADD_CAPACITY: return "ADD_CAPACITY";
            case SERVER_BACK: return "SERVER_BACK";
            case SERVER_LEFT: return "SERVER_LEFT";
            case CREATE_OBJECT: return "CREATE_OBJECT";
            case ALLOCATE_BLOCKS: return "ALLOCATE_BLOCKS";
            case SEAL_OBJECT: return "SEAL_OBJECT";
            case ABORT_OBJECT: return "ABORT_OBJECT";
            case LOOKUP: return "LOOKUP";
            case RELEASE: return "RELEASE";
            case DELETE_OBJECT: return "DELETE_OBJECT";
            case CREATE_BUCKET: return "CREATE_BUCKET";
            case DELETE_BUCKET: return "DELETE_BUCKET";
            case ENUMERATE: return "ENUMERATE";
            case SERVER_ADDRESS: return "SERVER_ADDRESS";
            case PUT_INLINE: return "PUT_INLINE";
            case WRITE_BLOCK: return "WRITE_BLOCK";
            case READ_BLOCK: return "READ_BLOCK";
            case FREE_BLOCKS: return "FREE_BLOCKS";
            default: return "UNKNOWN(" + opcode + ")";
        }
    }
}
