package io.pocket.controlplane.cli;

import io.pocket.client.ClientContext;
import io.pocket.config.ConfigValues;
import io.pocket.controlplane.cluster.LocalClusterContext;
import io.pocket.controlplane.controller.ControllerContext;
import io.pocket.controlplane.metadata.MetadataServerContext;
import io.pocket.dataplane.StorageServerContext;
import io.pocket.nativeio.NativeIo;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every {@code pocket.*} key a component of the command line reads, by component, and the check that refuses any
 * other: a key under {@code pocket.} is either one of these or under a prefix another module's context owns and
 * checks itself ({@code pocket.peers.}, the peer benchmark's).
 */
public final class ConfigKeys
{
    /** Prefixes whose keys another module's context checks (it refuses its unknown keys itself). */
    public static final Set<String> CHECKED_ELSEWHERE = Set.of("pocket.peers.");

    private ConfigKeys()
    {
    }

    /** Component name (client, controller, metadata, storage, local, native) to its keys. */
    public static Map<String, Set<String>> byComponent()
    {
        final Map<String, Set<String>> keys = new LinkedHashMap<>();
        keys.put("client", ClientContext.KNOWN_PROPS);
        keys.put("controller", ControllerContext.KNOWN_PROPS);
        keys.put("metadata", MetadataServerContext.KNOWN_PROPS);
        keys.put("storage", StorageServerContext.KNOWN_PROPS);
        keys.put("local", LocalClusterContext.KNOWN_PROPS);
        keys.put("native", Set.of(NativeIo.DISABLE_PROP_NAME));
        return keys;
    }

    /** Every key of every component, sorted. */
    public static Set<String> all()
    {
        final Set<String> all = new TreeSet<>();
        byComponent().values().forEach(all::addAll);
        return all;
    }

    /**
     * Refuses the first {@code pocket.*} key of {@code properties} that no component reads, naming it (and the key
     * meant, when one is close).
     */
    public static void refuseUnknown(final Properties properties)
    {
        final Set<String> all = all();
        for (final String key : new TreeSet<>(properties.stringPropertyNames()))
        {
            if (key.startsWith("pocket.") && !all.contains(key) &&
                CHECKED_ELSEWHERE.stream().noneMatch(key::startsWith))
            {
                throw ConfigValues.unknown(key, all);
            }
        }
    }

    /**
     * Every component's options concluded from {@code properties}, as its keys and values: the client, a standalone
     * controller, metadata and storage server, the local cluster's own key, and the native library's switch (a
     * system property only).
     */
    public static Map<String, String> effective(final Properties properties)
    {
        final Map<String, String> all = new LinkedHashMap<>();
        all.putAll(ClientContext.fromProperties(properties).conclude().toProperties());
        all.putAll(ControllerContext.fromProperties(properties).conclude().toProperties());
        all.putAll(MetadataServerContext.fromProperties(properties).conclude().toProperties());
        all.putAll(StorageServerContext.fromProperties(properties).conclude().toProperties());
        final LocalClusterContext local = LocalClusterContext.fromProperties(properties).conclude();
        all.put(LocalClusterContext.STORAGE_SERVERS_PROP_NAME, Integer.toString(local.storageServers()));
        all.put(NativeIo.DISABLE_PROP_NAME, Boolean.toString(Boolean.getBoolean(NativeIo.DISABLE_PROP_NAME)));
        return all;
    }
}
