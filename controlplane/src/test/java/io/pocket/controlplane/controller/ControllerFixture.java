package io.pocket.controlplane.controller;

import io.pocket.transport.Transport;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * A real controller on a free port with a manual clock (by default the periodic liveness check is
 * pushed out to an hour, so only explicit {@link Controller#checkLiveness()} calls declare servers lost), a
 * recording metadata server, and a client connection to the controller.
 */
final class ControllerFixture implements AutoCloseable
{
    final AtomicLong clock = new AtomicLong(1_000_000);
    final Transport transport = Transport.create(Transport.Kind.NIO, 1, "test-client");
    final Controller controller;
    final RecordingMetadataServer metadata;
    final TestControllerClient client;

    ControllerFixture()
    {
        this(3_600_000, 3_000);
    }

    ControllerFixture(final long livenessCheckPeriodMs, final long requestTimeoutMs)
    {
        this(ctx -> ctx.livenessCheckPeriodMs(livenessCheckPeriodMs).requestTimeoutMs(requestTimeoutMs));
    }

    /** A controller whose context (on a free port, with the manual clock) {@code options} changes further. */
    ControllerFixture(final UnaryOperator<ControllerContext> options)
    {
        controller = Controller.start(options.apply(new ControllerContext()
            .host("127.0.0.1")
            .port(0)
            .clock(clock::get)
            .livenessCheckPeriodMs(3_600_000)
            .requestTimeoutMs(3_000)));
        metadata = new RecordingMetadataServer();
        client = new TestControllerClient(controller.address(), transport);
    }

    TestControllerClient connect()
    {
        return new TestControllerClient(controller.address(), transport);
    }

    void advance(final long ms)
    {
        clock.addAndGet(ms);
    }

    @Override
    public void close()
    {
        client.close();
        metadata.close();
        controller.close();
        transport.close();
    }
}
