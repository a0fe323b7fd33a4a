/*
 * Thin JNI layer over the raw io_uring syscalls and a few file helpers for direct I/O.
 *
 * Every function is shaped like the system call it wraps: ints and longs in, a result >= 0 or -errno out, no Java
 * objects on the hot path (only setup and open take an array or a string). Policy (queue depth, which buffers are
 * fixed, when to wait) lives in Java; SQEs are written and CQEs reaped in Java over the rings mapped here.
 */
#define _GNU_SOURCE
#include <jni.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/fs.h>
#include <linux/io_uring.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>

/* Indices into the layout array filled by ringSetup; must match io.pocket.nativeio.RingLayout. */
enum
{
    L_SQ_RING = 0, L_SQ_RING_SIZE, L_CQ_RING, L_CQ_RING_SIZE, L_SQES, L_SQES_SIZE,
    L_SQ_ENTRIES, L_CQ_ENTRIES, L_FEATURES,
    L_SQ_HEAD, L_SQ_TAIL, L_SQ_MASK, L_SQ_FLAGS, L_SQ_DROPPED, L_SQ_ARRAY,
    L_CQ_HEAD, L_CQ_TAIL, L_CQ_MASK, L_CQ_OVERFLOW, L_CQES,
    L_COUNT
};

/* Largest buffer a single registered iovec may describe. */
#define FIXED_BUFFER_CHUNK (1L << 30)

#define JNI_FN(name) JNICALL Java_io_pocket_nativeio_NativeIo_##name

static inline long neg_errno(const long rc)
{
    return rc < 0 ? -errno : rc;
}

static int sys_setup(const unsigned entries, struct io_uring_params *p)
{
    return (int)syscall(__NR_io_uring_setup, entries, p);
}

static int sys_enter(const int fd, const unsigned submit, const unsigned min, const unsigned flags, void *arg,
    const size_t argSize)
{
    return (int)syscall(__NR_io_uring_enter, fd, submit, min, flags, arg, argSize);
}

static int sys_register(const int fd, const unsigned op, void *arg, const unsigned count)
{
    return (int)syscall(__NR_io_uring_register, fd, op, arg, count);
}

JNIEXPORT jint JNI_FN(layoutLength)(JNIEnv *env, jclass cls)
{
    return L_COUNT;
}

JNIEXPORT jint JNI_FN(ringSetup)(JNIEnv *env, jclass cls, jint entries, jint flags, jint sqThreadIdleMs,
    jlongArray layout)
{
    if (layout == NULL || (*env)->GetArrayLength(env, layout) < L_COUNT)
    {
        return -EINVAL;
    }
    struct io_uring_params p;
    memset(&p, 0, sizeof(p));
    p.flags = (unsigned)flags;
    p.sq_thread_idle = (unsigned)sqThreadIdleMs;
    const int fd = sys_setup((unsigned)entries, &p);
    if (fd < 0)
    {
        return -errno;
    }

    size_t sqSize = p.sq_off.array + p.sq_entries * sizeof(unsigned);
    size_t cqSize = p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe);
    const int single = (p.features & IORING_FEAT_SINGLE_MMAP) != 0;
    if (single)
    {
        sqSize = cqSize = sqSize > cqSize ? sqSize : cqSize;
    }
    const size_t sqesSize = p.sq_entries * sizeof(struct io_uring_sqe);
    const int prot = PROT_READ | PROT_WRITE;
    const int mapFlags = MAP_SHARED | MAP_POPULATE;

    void *sq = mmap(NULL, sqSize, prot, mapFlags, fd, IORING_OFF_SQ_RING);
    if (sq == MAP_FAILED)
    {
        const int err = errno;
        close(fd);
        return -err;
    }
    void *cq = sq;
    if (!single)
    {
        cq = mmap(NULL, cqSize, prot, mapFlags, fd, IORING_OFF_CQ_RING);
        if (cq == MAP_FAILED)
        {
            const int err = errno;
            munmap(sq, sqSize);
            close(fd);
            return -err;
        }
    }
    void *sqes = mmap(NULL, sqesSize, prot, mapFlags, fd, IORING_OFF_SQES);
    if (sqes == MAP_FAILED)
    {
        const int err = errno;
        if (!single)
        {
            munmap(cq, cqSize);
        }
        munmap(sq, sqSize);
        close(fd);
        return -err;
    }

    jlong values[L_COUNT];
    values[L_SQ_RING] = (jlong)(uintptr_t)sq;
    values[L_SQ_RING_SIZE] = (jlong)sqSize;
    values[L_CQ_RING] = (jlong)(uintptr_t)cq;
    values[L_CQ_RING_SIZE] = single ? 0 : (jlong)cqSize;
    values[L_SQES] = (jlong)(uintptr_t)sqes;
    values[L_SQES_SIZE] = (jlong)sqesSize;
    values[L_SQ_ENTRIES] = p.sq_entries;
    values[L_CQ_ENTRIES] = p.cq_entries;
    values[L_FEATURES] = p.features;
    values[L_SQ_HEAD] = p.sq_off.head;
    values[L_SQ_TAIL] = p.sq_off.tail;
    values[L_SQ_MASK] = p.sq_off.ring_mask;
    values[L_SQ_FLAGS] = p.sq_off.flags;
    values[L_SQ_DROPPED] = p.sq_off.dropped;
    values[L_SQ_ARRAY] = p.sq_off.array;
    values[L_CQ_HEAD] = p.cq_off.head;
    values[L_CQ_TAIL] = p.cq_off.tail;
    values[L_CQ_MASK] = p.cq_off.ring_mask;
    values[L_CQ_OVERFLOW] = p.cq_off.overflow;
    values[L_CQES] = p.cq_off.cqes;
    (*env)->SetLongArrayRegion(env, layout, 0, L_COUNT, values);
    return fd;
}

JNIEXPORT jint JNI_FN(ringDestroy)(JNIEnv *env, jclass cls, jint fd, jlong sq, jlong sqSize, jlong cq, jlong cqSize,
    jlong sqes, jlong sqesSize)
{
    munmap((void *)(uintptr_t)sqes, (size_t)sqesSize);
    if (cqSize > 0)
    {
        munmap((void *)(uintptr_t)cq, (size_t)cqSize);
    }
    munmap((void *)(uintptr_t)sq, (size_t)sqSize);
    return (jint)neg_errno(close(fd));
}

JNIEXPORT jint JNI_FN(ringEnter)(JNIEnv *env, jclass cls, jint fd, jint toSubmit, jint minComplete, jint flags)
{
    return (jint)neg_errno(sys_enter(fd, (unsigned)toSubmit, (unsigned)minComplete, (unsigned)flags, NULL, 0));
}

JNIEXPORT jint JNI_FN(ringEnterTimeout)(JNIEnv *env, jclass cls, jint fd, jint toSubmit, jint minComplete, jint flags,
    jlong timeoutNanos)
{
    struct __kernel_timespec ts;
    ts.tv_sec = timeoutNanos / 1000000000L;
    ts.tv_nsec = timeoutNanos % 1000000000L;
    struct io_uring_getevents_arg arg;
    memset(&arg, 0, sizeof(arg));
    arg.sigmask_sz = _NSIG / 8;
    arg.ts = (uint64_t)(uintptr_t)&ts;
    const unsigned allFlags = (unsigned)flags | IORING_ENTER_GETEVENTS | IORING_ENTER_EXT_ARG;
    return (jint)neg_errno(sys_enter(fd, (unsigned)toSubmit, (unsigned)minComplete, allFlags, &arg, sizeof(arg)));
}

JNIEXPORT jint JNI_FN(registerBuffers)(JNIEnv *env, jclass cls, jint fd, jlong address, jlong length)
{
    if (length <= 0)
    {
        return -EINVAL;
    }
    const long count = (long)((length + FIXED_BUFFER_CHUNK - 1) / FIXED_BUFFER_CHUNK);
    struct iovec *iov = calloc((size_t)count, sizeof(struct iovec));
    if (iov == NULL)
    {
        return -ENOMEM;
    }
    for (long i = 0; i < count; i++)
    {
        const long start = i * FIXED_BUFFER_CHUNK;
        const long remaining = length - start;
        iov[i].iov_base = (void *)(uintptr_t)(address + start);
        iov[i].iov_len = (size_t)(remaining < FIXED_BUFFER_CHUNK ? remaining : FIXED_BUFFER_CHUNK);
    }
    const int rc = sys_register(fd, IORING_REGISTER_BUFFERS, iov, (unsigned)count);
    const int err = errno;
    free(iov);
    return rc < 0 ? -err : (jint)count;
}

JNIEXPORT jint JNI_FN(unregisterBuffers)(JNIEnv *env, jclass cls, jint fd)
{
    return (jint)neg_errno(sys_register(fd, IORING_UNREGISTER_BUFFERS, NULL, 0));
}

JNIEXPORT jint JNI_FN(registerFile)(JNIEnv *env, jclass cls, jint ringFd, jint fileFd)
{
    int fds[1] = { fileFd };
    return (jint)neg_errno(sys_register(ringFd, IORING_REGISTER_FILES, fds, 1));
}

JNIEXPORT jint JNI_FN(probe)(JNIEnv *env, jclass cls)
{
    struct io_uring_params p;
    memset(&p, 0, sizeof(p));
    const int fd = sys_setup(2, &p);
    if (fd < 0)
    {
        return -errno;
    }
    const size_t size = sizeof(struct io_uring_probe) + 256 * sizeof(struct io_uring_probe_op);
    struct io_uring_probe *probe = calloc(1, size);
    if (probe == NULL)
    {
        close(fd);
        return -ENOMEM;
    }
    int rc = sys_register(fd, IORING_REGISTER_PROBE, probe, 256);
    if (rc < 0)
    {
        rc = -errno;
    }
    else
    {
        const int needed[] = { IORING_OP_READ, IORING_OP_WRITE, IORING_OP_READ_FIXED, IORING_OP_WRITE_FIXED };
        for (size_t i = 0; i < sizeof(needed) / sizeof(needed[0]); i++)
        {
            const int op = needed[i];
            if (op > probe->last_op || (probe->ops[op].flags & IO_URING_OP_SUPPORTED) == 0)
            {
                rc = -EOPNOTSUPP;
                break;
            }
        }
        if (rc >= 0 && (p.features & IORING_FEAT_EXT_ARG) == 0)
        {
            rc = -EOPNOTSUPP;
        }
    }
    free(probe);
    close(fd);
    return rc < 0 ? rc : 0;
}

JNIEXPORT jint JNI_FN(openFile)(JNIEnv *env, jclass cls, jstring path, jboolean direct)
{
    const char *chars = (*env)->GetStringUTFChars(env, path, NULL);
    if (chars == NULL)
    {
        return -ENOMEM;
    }
    const int flags = O_RDWR | O_CLOEXEC | (direct ? O_DIRECT : 0);
    const int fd = open(chars, flags);
    const int err = errno;
    (*env)->ReleaseStringUTFChars(env, path, chars);
    return fd < 0 ? -err : fd;
}

JNIEXPORT jint JNI_FN(closeFile)(JNIEnv *env, jclass cls, jint fd)
{
    return (jint)neg_errno(close(fd));
}

JNIEXPORT jint JNI_FN(fallocate)(JNIEnv *env, jclass cls, jint fd, jint mode, jlong offset, jlong length)
{
    return (jint)neg_errno(fallocate(fd, mode, offset, length));
}

JNIEXPORT jint JNI_FN(fsync)(JNIEnv *env, jclass cls, jint fd)
{
    return (jint)neg_errno(fsync(fd));
}

JNIEXPORT jlong JNI_FN(fileSize)(JNIEnv *env, jclass cls, jint fd)
{
    struct stat st;
    if (fstat(fd, &st) < 0)
    {
        return -errno;
    }
    if (S_ISBLK(st.st_mode))
    {
        uint64_t bytes = 0;
        return ioctl(fd, BLKGETSIZE64, &bytes) < 0 ? -errno : (jlong)bytes;
    }
    return st.st_size;
}

JNIEXPORT jint JNI_FN(logicalBlockSize)(JNIEnv *env, jclass cls, jint fd)
{
    struct stat st;
    if (fstat(fd, &st) < 0)
    {
        return -errno;
    }
    if (S_ISBLK(st.st_mode))
    {
        int size = 0;
        return ioctl(fd, BLKSSZGET, &size) < 0 ? -errno : size;
    }
#ifdef STATX_DIOALIGN
    struct statx stx;
    memset(&stx, 0, sizeof(stx));
    if (statx(fd, "", AT_EMPTY_PATH, STATX_DIOALIGN, &stx) == 0 && (stx.stx_mask & STATX_DIOALIGN) != 0)
    {
        return (jint)stx.stx_dio_offset_align;
    }
#endif
    return 0;
}
