package io.pocket.bench.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** Options for the configuration tests: each key set to a valid value other than its default. */
final class NonDefaultOptions
{
    private NonDefaultOptions()
    {
    }

    /** A valid value other than the default for every key but pocket.native.disable, as the contexts print it. */
    static Map<String, String> all()
    {
        final Map<String, String> v = new LinkedHashMap<>();
        v.put("pocket.client.controller", "ctl.example:4400");
        v.put("pocket.client.transport", "nio");
        v.put("pocket.client.ioThreads", "3");
        v.put("pocket.client.connectTimeoutMs", "1500");
        v.put("pocket.client.requestTimeoutMs", "2500");
        v.put("pocket.client.writeWindow", "4");
        v.put("pocket.client.allocateAhead", "32");
        v.put("pocket.client.readWindow", "2");
        v.put("pocket.client.maxFrameLength", "33m");
        v.put("pocket.client.idleConnections", "5");
        v.put("pocket.client.idleCheckMs", "7");
        v.put("pocket.client.unavailableWaitMs", "250");
        v.put("pocket.client.busyPollUs", "40");
        v.put("pocket.client.busyPollers", "2");
        v.put("pocket.client.busyPollMaxCalls", "0");
        v.put("pocket.client.inlineMaxBytes", "1000");
        v.put("pocket.controller.host", "127.0.0.2");
        v.put("pocket.controller.port", "4500");
        v.put("pocket.controller.heartbeatIntervalMs", "300");
        v.put("pocket.controller.lostAfterMs", "900");
        v.put("pocket.controller.livenessCheckPeriodMs", "100");
        v.put("pocket.controller.lostRetentionMs", "5000");
        v.put("pocket.controller.transport", "epoll");
        v.put("pocket.controller.ioThreads", "2");
        v.put("pocket.controller.requestTimeoutMs", "3000");
        v.put("pocket.controller.maxFrameLength", "2m");
        v.put("pocket.metadata.controller", "ctl.example:4400");
        v.put("pocket.metadata.bindHost", "127.0.0.3");
        v.put("pocket.metadata.port", "4501");
        v.put("pocket.metadata.advertiseHost", "meta.example");
        v.put("pocket.metadata.blockSize", "128k");
        v.put("pocket.metadata.persistTtlSeconds", "60");
        v.put("pocket.metadata.expiryPeriodMs", "500");
        v.put("pocket.metadata.transport", "nio");
        v.put("pocket.metadata.ioThreads", "2");
        v.put("pocket.metadata.maxFrameLength", "2m");
        v.put("pocket.metadata.registerTimeoutMs", "1000");
        v.put("pocket.metadata.controllerHeartbeatMs", "700");
        v.put("pocket.metadata.inlineMaxBytes", "8k");
        v.put("pocket.metadata.inlineBudget", "16m");
        v.put("pocket.storage.controller", "ctl.example:4400");
        v.put("pocket.storage.bindHost", "127.0.0.4");
        v.put("pocket.storage.port", "4502");
        v.put("pocket.storage.advertiseHost", "storage.example");
        v.put("pocket.storage.dram", "96m");
        v.put("pocket.storage.blockSize", "128k");
        v.put("pocket.storage.alwaysOn", "false");
        v.put("pocket.storage.transport", "io_uring");
        v.put("pocket.storage.ioThreads", "3");
        v.put("pocket.storage.heartbeatIntervalMs", "400");
        v.put("pocket.storage.pretouch", "true");
        v.put("pocket.storage.registerTimeoutMs", "1000");
        v.put("pocket.storage.connectTimeoutMs", "900");
        v.put("pocket.storage.requestTimeoutMs", "800");
        v.put("pocket.storage.serverId", "9");
        v.put("pocket.storage.nvme", "/data/pocket.nvme:4g");
        v.put("pocket.storage.nvmeKeep", "true");
        v.put("pocket.storage.nvmeSqpoll", "true");
        v.put("pocket.storage.nvmeQueueDepth", "16");
        v.put("pocket.storage.disk", "/data/pocket.disk:8g");
        v.put("pocket.storage.diskQueueDepth", "4");
        v.put("pocket.storage.ioEngine", "posix");
        v.put("pocket.local.storageServers", "3");
        return v;
    }
}
